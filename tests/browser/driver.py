"""One way to write a journey, run by mouse or by keyboard alone.

The keyboard driver reaches each control by pressing Tab (or Shift+Tab), checks
that the focused control shows a visible focus indicator, then types or presses
Enter or Space. A journey written against ``Driver`` therefore proves that it
can be completed without a mouse.
"""

MAX_TABS = 250


class MouseDriver:
    def __init__(self, page):
        self.page = page

    def click(self, locator):
        locator.click()

    def fill(self, locator, text):
        locator.fill(text)

    def select(self, locator, label):
        locator.select_option(label=label)

    def check(self, locator):
        locator.check()


class KeyboardDriver(MouseDriver):
    def focus(self, locator):
        target = locator.element_handle()
        page = self.page
        for _ in range(MAX_TABS):
            if page.evaluate("(el) => document.activeElement === el", target):
                self.assert_focus_visible()
                return
            page.keyboard.press("Tab")
        raise AssertionError(f"Could not reach {locator} with the Tab key")

    def assert_focus_visible(self):
        visible = self.page.evaluate(
            """() => {
                const el = document.activeElement;
                const style = getComputedStyle(el);
                const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
                return outline || style.boxShadow !== 'none';
            }"""
        )
        assert visible, "The focused control has no visible focus indicator"

    def click(self, locator):
        self.focus(locator)
        tag = locator.evaluate("(el) => el.tagName + ':' + (el.type || '')")
        self.page.keyboard.press("Space" if tag.startswith(("INPUT:checkbox",)) else "Enter")

    def fill(self, locator, text):
        self.focus(locator)
        self.page.keyboard.press("Control+A")
        self.page.keyboard.type(text)

    def select(self, locator, label):
        self.focus(locator)
        value = locator.evaluate(
            "(el, label) => [...el.options].find(o => o.label === label).value", label
        )
        count = locator.evaluate("(el) => el.options.length")
        for key in ["ArrowDown", "ArrowUp"]:
            for _ in range(count):
                if locator.input_value() == value:
                    return
                self.page.keyboard.press(key)
        assert locator.input_value() == value, f"Could not choose {label!r} with the arrow keys"

    def check(self, locator):
        self.focus(locator)
        self.page.keyboard.press("Space")


DRIVERS = {"mouse": MouseDriver, "keyboard": KeyboardDriver}
