"""What every app of the paper uses and none owns: paging and ids in URLs, site-wide
middleware, the background loop helper. Below the content apps; imports only Django and the text core."""
