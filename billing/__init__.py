"""Per-seat Stripe billing (issue 5); an empty app for now so its place in the layout is fixed."""
