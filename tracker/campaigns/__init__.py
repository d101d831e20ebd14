"""The campaigns area: views, forms and the services that write."""
