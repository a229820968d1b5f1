"""Which HTTP methods each view answers (RequestCheckMiddleware answers the rest with 405).

Pages are read with GET and HEAD and forms sent with POST; nothing on the site takes
PUT, PATCH, DELETE or TRACE, although Django's form views would run PUT as a POST and a
function view runs for any method. A function view that only reads says so with
``@read_only``; any other function view is a form, which answers GET, HEAD and POST.
"""

READ_ONLY = ("GET", "HEAD")
FORM = ("GET", "HEAD", "POST")


def read_only(view):
    """Mark a function view as answering only GET and HEAD."""
    view.allowed_methods = READ_ONLY
    return view


def allowed_methods(view) -> tuple[str, ...]:
    """The methods `view` (a function, or a class-based view's as_view()) answers."""
    view_class = getattr(view, "view_class", None)
    if view_class is None:
        return getattr(view, "allowed_methods", FORM)
    # Django gives every class-based view with get() a head() when it is set up.
    return tuple(
        method
        for method in FORM
        if hasattr(view_class, method.lower()) or (method == "HEAD" and hasattr(view_class, "get"))
    )
