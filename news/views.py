# Public views: filled in by the views work (HomeView, CategoryDetailView, ...).
