filedesc://x.arc 0.0.0.0 20240101000000 text/plain 11
1 0 Seeds


http://example.org/ 1.2.3.4 20240101000000 text/html 137
HTTP/1.1 200 OK
Content-Type: text/html; charset=utf-8

<html><head><title>T</title></head><body><p>"Yes," she said.</p></body></html>
