"""The events area: views, forms and the services that write."""
