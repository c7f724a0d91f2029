// Command interop is the Go side of the runtime module's interop tests: it serves encode and decode requests, one
// JSON object per line on stdin, one JSON answer per line on stdout, using the real gorilla/securecookie and
// gorilla/sessions. Built in GOPATH mode against Debian's golang-github-gorilla-*-dev packages.
package main

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/gob"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"net/http/httptest"
	"os"
	"os/exec"
	"sort"
	"strconv"

	"github.com/gorilla/securecookie"
	"github.com/gorilla/sessions"
)

// Request is one line of input.
type Request struct {
	Op     string     `json:"op"`
	Pairs  [][]string `json:"pairs"` // [hashKey, blockKey or ""] as base64 (std)
	Ser    string     `json:"ser"`   // json | gob | raw
	MaxAge *int       `json:"maxAge"`
	MinAge int        `json:"minAge"`
	Name   string     `json:"name"`
	Value  string     `json:"value"`  // cookie value (decode) or raw JSON text / base64 bytes (encode)
	Values []Typed    `json:"values"` // gob session values (encode)
	Header string     `json:"header"` // Cookie header (session-load)
	// gob-any-encode: the value to encode (anyScenarios); gob-any-decode: the Go type to decode into.
	Scenario string `json:"scenario"`
	Target   string `json:"target"`
}

// Typed is a session value with its Go type spelled out, all scalars as strings.
type Typed struct {
	Key   string  `json:"k,omitempty"`
	Type  string  `json:"t"`
	Value string  `json:"v,omitempty"`
	Items []Typed `json:"items,omitempty"`
}

// Response is one line of output.
type Response struct {
	OK     bool    `json:"ok"`
	Err    string  `json:"err,omitempty"`
	Value  string  `json:"value,omitempty"`
	Values []Typed `json:"values,omitempty"`
	Hex    string  `json:"hex,omitempty"`
	View   string  `json:"view,omitempty"` // gob-any-encode: the JSON view GobView must give
	Type   string  `json:"type,omitempty"` // gob-any-encode: the Go type GobView must name
}

func codecs(req *Request) []securecookie.Codec {
	var pairs [][]byte
	for _, p := range req.Pairs {
		h, _ := base64.StdEncoding.DecodeString(p[0])
		pairs = append(pairs, h)
		if p[1] == "" {
			pairs = append(pairs, nil)
		} else {
			b, _ := base64.StdEncoding.DecodeString(p[1])
			pairs = append(pairs, b)
		}
	}
	cs := securecookie.CodecsFromPairs(pairs...)
	for _, c := range cs {
		s := c.(*securecookie.SecureCookie)
		if req.MaxAge != nil {
			s.MaxAge(*req.MaxAge)
		}
		s.MinAge(req.MinAge)
		switch req.Ser {
		case "json":
			s.SetSerializer(securecookie.JSONEncoder{})
		case "raw":
			s.SetSerializer(securecookie.NopEncoder{})
		}
	}
	return cs
}

func toGo(t Typed) (interface{}, error) {
	switch t.Type {
	case "nil":
		return nil, nil
	case "string":
		return t.Value, nil
	case "bool":
		return t.Value == "true", nil
	case "int":
		i, err := strconv.ParseInt(t.Value, 10, 64)
		return int(i), err
	case "int64":
		return strconv.ParseInt(t.Value, 10, 64)
	case "float64":
		bits, err := strconv.ParseUint(t.Value, 16, 64)
		return math.Float64frombits(bits), err
	case "bytes":
		return base64.StdEncoding.DecodeString(t.Value)
	case "int32":
		i, err := strconv.ParseInt(t.Value, 10, 32)
		return int32(i), err
	case "strmap":
		// Outside the subset the Java side reads: it must be refused with a clear error.
		return map[string]string{"k": t.Value}, nil
	case "flashes":
		items := []interface{}{}
		for _, it := range t.Items {
			v, err := toGo(it)
			if err != nil {
				return nil, err
			}
			items = append(items, v)
		}
		return items, nil
	}
	return nil, fmt.Errorf("unknown type %q", t.Type)
}

func fromGo(v interface{}) (Typed, error) {
	switch x := v.(type) {
	case nil:
		return Typed{Type: "nil"}, nil
	case string:
		return Typed{Type: "string", Value: x}, nil
	case bool:
		return Typed{Type: "bool", Value: strconv.FormatBool(x)}, nil
	case int:
		return Typed{Type: "int", Value: strconv.Itoa(x)}, nil
	case int64:
		return Typed{Type: "int64", Value: strconv.FormatInt(x, 10)}, nil
	case float64:
		return Typed{Type: "float64", Value: strconv.FormatUint(math.Float64bits(x), 16)}, nil
	case []byte:
		return Typed{Type: "bytes", Value: base64.StdEncoding.EncodeToString(x)}, nil
	case int32:
		return Typed{Type: "int32", Value: strconv.FormatInt(int64(x), 10)}, nil
	case map[string]string:
		return Typed{Type: "strmap", Value: x["k"]}, nil
	case []interface{}:
		t := Typed{Type: "flashes", Items: []Typed{}}
		for _, it := range x {
			e, err := fromGo(it)
			if err != nil {
				return t, err
			}
			t.Items = append(t.Items, e)
		}
		return t, nil
	}
	return Typed{}, fmt.Errorf("unsupported Go type %T", v)
}

func toMap(values []Typed) (map[interface{}]interface{}, error) {
	m := map[interface{}]interface{}{}
	for _, t := range values {
		v, err := toGo(t)
		if err != nil {
			return nil, err
		}
		m[t.Key] = v
	}
	return m, nil
}

func fromMap(m map[interface{}]interface{}) ([]Typed, error) {
	out := []Typed{}
	for k, v := range m {
		ks, ok := k.(string)
		if !ok {
			return nil, fmt.Errorf("non-string key %T", k)
		}
		t, err := fromGo(v)
		if err != nil {
			return nil, err
		}
		t.Key = ks
		out = append(out, t)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out, nil
}

func serve(req *Request) Response {
	switch req.Op {
	case "gob-any-encode", "gob-any-decode":
		return serveAny(req)
	case "encode":
		var value interface{}
		switch req.Ser {
		case "json":
			var v interface{}
			if err := json.Unmarshal([]byte(req.Value), &v); err != nil {
				return Response{Err: err.Error()}
			}
			value = v
		case "raw":
			b, err := base64.StdEncoding.DecodeString(req.Value)
			if err != nil {
				return Response{Err: err.Error()}
			}
			value = b
		default:
			m, err := toMap(req.Values)
			if err != nil {
				return Response{Err: err.Error()}
			}
			value = m
		}
		s, err := securecookie.EncodeMulti(req.Name, value, codecs(req)...)
		if err != nil {
			return Response{Err: err.Error()}
		}
		return Response{OK: true, Value: s}
	case "decode":
		cs := codecs(req)
		switch req.Ser {
		case "json":
			var v interface{}
			if err := securecookie.DecodeMulti(req.Name, req.Value, &v, cs...); err != nil {
				return Response{Err: err.Error()}
			}
			b, _ := json.Marshal(v)
			return Response{OK: true, Value: string(b)}
		case "raw":
			var b []byte
			if err := securecookie.DecodeMulti(req.Name, req.Value, &b, cs...); err != nil {
				return Response{Err: err.Error()}
			}
			return Response{OK: true, Value: base64.StdEncoding.EncodeToString(b)}
		default:
			m := map[interface{}]interface{}{}
			if err := securecookie.DecodeMulti(req.Name, req.Value, &m, cs...); err != nil {
				return Response{Err: err.Error()}
			}
			vs, err := fromMap(m)
			if err != nil {
				return Response{Err: err.Error()}
			}
			return Response{OK: true, Values: vs}
		}
	case "json-bytes":
		// What json.Encoder writes for the given JSON text read into interface{}.
		var v interface{}
		if err := json.Unmarshal([]byte(req.Value), &v); err != nil {
			return Response{Err: err.Error()}
		}
		b, err := securecookie.JSONEncoder{}.Serialize(v)
		if err != nil {
			return Response{Err: err.Error()}
		}
		return Response{OK: true, Hex: hex.EncodeToString(b)}
	case "gob-bytes":
		// gob numbers types per process, in the order they are first sent: ask a fresh process so the bytes are
		// those of a service that has sent nothing else yet.
		return fresh(req)
	case "gob-bytes-here":
		m, err := toMap(req.Values)
		if err != nil {
			return Response{Err: err.Error()}
		}
		b, err := securecookie.GobEncoder{}.Serialize(m)
		if err != nil {
			return Response{Err: err.Error()}
		}
		return Response{OK: true, Hex: hex.EncodeToString(b)}
	case "session-save":
		store := newStore(req)
		r := httptest.NewRequest("GET", "http://127.0.0.1/", nil)
		s, _ := store.New(r, req.Name)
		m, err := toMap(req.Values)
		if err != nil {
			return Response{Err: err.Error()}
		}
		s.Values = m
		w := httptest.NewRecorder()
		if err := s.Save(r, w); err != nil {
			return Response{Err: err.Error()}
		}
		return Response{OK: true, Value: w.Header().Get("Set-Cookie")}
	case "session-load":
		store := newStore(req)
		r := httptest.NewRequest("GET", "http://127.0.0.1/", nil)
		r.Header.Set("Cookie", req.Header)
		s, err := store.New(r, req.Name)
		if err != nil {
			return Response{Err: err.Error()}
		}
		if s.IsNew {
			return Response{Err: "no session cookie"}
		}
		vs, err := fromMap(s.Values)
		if err != nil {
			return Response{Err: err.Error()}
		}
		return Response{OK: true, Values: vs}
	}
	return Response{Err: "unknown op " + req.Op}
}

func fresh(req *Request) Response {
	r := *req
	r.Op = "gob-bytes-here"
	line, _ := json.Marshal(r)
	cmd := exec.Command(os.Args[0])
	cmd.Stdin = bytes.NewReader(append(line, '\n'))
	out, err := cmd.Output()
	if err != nil {
		return Response{Err: "fresh harness: " + err.Error()}
	}
	var resp Response
	if err := json.Unmarshal(out, &resp); err != nil {
		return Response{Err: "fresh harness: " + err.Error()}
	}
	return resp
}

func newStore(req *Request) *sessions.CookieStore {
	var pairs [][]byte
	for _, p := range req.Pairs {
		h, _ := base64.StdEncoding.DecodeString(p[0])
		b, _ := base64.StdEncoding.DecodeString(p[1])
		if p[1] == "" {
			b = nil
		}
		pairs = append(pairs, h, b)
	}
	return sessions.NewCookieStore(pairs...)
}

func main() {
	gob.Register([]interface{}{})
	gob.Register(map[string]string{})
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 1<<24)
	out := bufio.NewWriter(os.Stdout)
	enc := json.NewEncoder(out)
	for in.Scan() {
		var req Request
		var resp Response
		if err := json.Unmarshal(in.Bytes(), &req); err != nil {
			resp = Response{Err: "bad request: " + err.Error()}
		} else {
			resp = serve(&req)
		}
		enc.Encode(resp)
		out.Flush()
	}
}
