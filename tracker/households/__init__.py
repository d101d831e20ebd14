"""The households area: views, forms and the services that write."""
