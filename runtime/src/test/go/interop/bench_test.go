package main

// Benchmarks of the Go libraries on the payload the Java JMH benchmarks use (dev.sessionkeys.benchmarks.runtime):
// 5 string fields, 195 bytes of JSON, a 64-byte HMAC key and a 32-byte AES key. Run with
//   GO111MODULE=off GOPATH=<tmp>:/usr/share/gocode go test -run XXX -bench . -benchtime 3s -count 3

import (
	"encoding/gob"
	"net/http/httptest"
	"testing"

	"github.com/gorilla/securecookie"
	"github.com/gorilla/sessions"
)

var (
	benchHash  = []byte("wLcyh7DcTPUF3c2ZQRNzwpRqbn9EzDvtSC9Y6DjvfZDytXuRWGEDs3XLEE7sPGsA")
	benchBlock = []byte("4VmsuvXPxA6eDQ2k9JWsnKRhd8pyKfL3")
)

func benchPayload() map[string]interface{} {
	return map[string]interface{}{
		"email":   "alice.example@example.co.uk",
		"name":    "Alice Margaret Examples",
		"org":     "Acme Corporation International Ltd.",
		"role":    "owner,admin,billing",
		"user_id": "a3f9c2e1-7b4d-4e8a-9c1f-2d6e8b0a4c7f",
	}
}

func benchSession() map[interface{}]interface{} {
	m := map[interface{}]interface{}{}
	for k, v := range benchPayload() {
		m[k] = v
	}
	return m
}

func jsonCodec() *securecookie.SecureCookie {
	return securecookie.New(benchHash, benchBlock).SetSerializer(securecookie.JSONEncoder{})
}

func BenchmarkJSONEncode(b *testing.B) {
	s := jsonCodec()
	v := benchPayload()
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := s.Encode("session", v); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkJSONDecode(b *testing.B) {
	s := jsonCodec()
	cookie, _ := s.Encode("session", benchPayload())
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		var v map[string]interface{}
		if err := s.Decode("session", cookie, &v); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkGobEncode(b *testing.B) {
	s := securecookie.New(benchHash, benchBlock)
	v := benchSession()
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := s.Encode("session", v); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkGobDecode(b *testing.B) {
	s := securecookie.New(benchHash, benchBlock)
	cookie, _ := s.Encode("session", benchSession())
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		v := map[interface{}]interface{}{}
		if err := s.Decode("session", cookie, &v); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkStoreSave(b *testing.B) {
	gob.Register([]interface{}{})
	store := sessions.NewCookieStore(benchHash, benchBlock)
	r := httptest.NewRequest("GET", "http://127.0.0.1/", nil)
	s, _ := store.New(r, "session")
	s.Values = benchSession()
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		w := httptest.NewRecorder()
		if err := store.Save(r, w, s); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkStoreLoad(b *testing.B) {
	store := sessions.NewCookieStore(benchHash, benchBlock)
	r := httptest.NewRequest("GET", "http://127.0.0.1/", nil)
	s, _ := store.New(r, "session")
	s.Values = benchSession()
	w := httptest.NewRecorder()
	store.Save(r, w, s)
	req := httptest.NewRequest("GET", "http://127.0.0.1/", nil)
	req.Header.Set("Cookie", w.Header().Get("Set-Cookie"))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		s, err := store.New(req, "session")
		if err != nil || s.IsNew {
			b.Fatal(err)
		}
	}
}
