"""The feedback area: views, forms and the services that write."""
