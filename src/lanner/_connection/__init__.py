"""What a request carries, parsed: headers, query pairs, URL, cookies, content type, Accept."""
