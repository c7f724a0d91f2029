import json, sys, base64, subprocess
from http.server import BaseHTTPRequestHandler, HTTPServer
secrets = json.load(open(sys.argv[1]))
class H(BaseHTTPRequestHandler):
    def do_GET(self):
        p = self.path.split('?')[0]
        if p == '/api':
            body = {"kind":"APIVersions","versions":["v1"],"serverAddressByClientCIDRs":[{"clientCIDR":"0.0.0.0/0","serverAddress":"127.0.0.1"}]}
        elif p == '/apis':
            body = {"kind":"APIGroupList","apiVersion":"v1","groups":[]}
        elif p == '/api/v1':
            body = {"kind":"APIResourceList","groupVersion":"v1","resources":[{"name":"secrets","singularName":"secret","namespaced":True,"kind":"Secret","verbs":["get","list"]}]}
        elif p.endswith('/secrets'):
            body = {"kind":"SecretList","apiVersion":"v1","metadata":{"resourceVersion":"4711"},"items":secrets}
        else:
            self.send_response(404); self.end_headers(); return
        data = json.dumps(body).encode()
        self.send_response(200); self.send_header('Content-Type','application/json'); self.send_header('Content-Length',str(len(data))); self.end_headers(); self.wfile.write(data)
    def log_message(self,*a): pass
HTTPServer(('127.0.0.1', 18443), H).serve_forever()
