"""The admin area: views, forms and the services that write."""
