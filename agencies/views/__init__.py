"""The agencies app's pages, a module for each part of the work: accounts, bookmarks and
collections, agencies and their members, and the implementation tracker."""
