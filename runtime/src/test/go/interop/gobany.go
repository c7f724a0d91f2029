package main

// Any gob value, both ways: Go encodes the values Go apps put in securecookies (structs, slices, time.Time, nested
// maps, map[string]string, registered interface types) and gives the JSON view the Java reader must produce
// (GobView); Go decodes what Java wrote for map[string]string and map[string]interface{}.
//
// The expected view is computed here from the Go value by reflection, independently of the wire: it states what gob
// carries (zero struct fields are not sent: scalars read back as their zero, everything else as null; pointers are
// elided) in the JSON form GobView documents. Maps are written with sorted keys; the Java test compares maps
// regardless of order.

import (
	"bytes"
	"encoding/base64"
	"encoding/gob"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"math/big"
	"net/url"
	"os"
	"os/exec"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/gorilla/securecookie"
)

// Address is a nested struct with an embedded-by-pointer sibling.
type Address struct {
	Street string
	Zip    int
}

// Account is what an app keeps in a cookie: every kind of field gob has.
type Account struct {
	ID       uint64
	Name     string
	Admin    bool
	Score    float64
	Ratio    float32
	Small    int8
	Roles    []string
	Home     Address
	Work     *Address
	Limits   map[string]int
	Created  time.Time
	Digest   []byte
	Triple   [3]int
	Z        complex128
	Extra    interface{}
	Empty    string
	NoRoles  []string
	NoMap    map[string]int
	NoTime   time.Time
	NilWork  *Address
	Count    *int
	NoCount  *int
	internal int
}

// Node is a recursive type.
type Node struct {
	Val  int
	Next *Node
}

// Color is a registered named scalar.
type Color int

// Flags is a registered named map.
type Flags map[string]bool

func init() {
	if len(os.Args) >= 3 && os.Args[1] == "fixture-gob-any" {
		registerAny()
		b, err := gobAnyBytes(os.Args[2])
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		fmt.Print(hex.EncodeToString(b))
		os.Exit(0)
	}
	if len(os.Args) >= 4 && os.Args[1] == "fixture-gob-write" {
		registerAny()
		b, err := anyWriteBytes(os.Args[2], os.Args[3])
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		fmt.Print(hex.EncodeToString(b))
		os.Exit(0)
	}
}

var anyRegistered bool

// registerAny registers what a Go app storing these values registers (registering a type again is allowed).
func registerAny() {
	if anyRegistered {
		return
	}
	anyRegistered = true
	gob.Register([]interface{}{})
	gob.Register(map[string]string{})
	gob.Register(map[string]interface{}{})
	gob.Register(map[interface{}]interface{}{})
	gob.Register(time.Time{})
	gob.Register(Account{})
	gob.Register(Address{})
	gob.Register(Color(0))
	gob.Register(Flags{})
	gob.Register(&url.URL{})
	gob.Register(&big.Int{})
	gob.Register(int64(0))
	gob.Register(uint8(0))
}

func when() time.Time {
	return time.Date(2024, 2, 29, 13, 14, 15, 123456789, time.UTC)
}

func account() Account {
	n := 42
	return Account{
		ID: math.MaxUint64, Name: "Zoë <admin>", Admin: true, Score: 2.5, Ratio: 0.1, Small: -8,
		Roles: []string{"read", "write"}, Home: Address{Street: "Main St 1", Zip: 12345},
		Work: &Address{Street: "Dock 9"}, Limits: map[string]int{"a": 1, "b": -2},
		Created: when().In(time.FixedZone("CEST", 2*3600)), Digest: []byte{0, 1, 254, 255}, Triple: [3]int{1, 0, -1},
		Z: complex(1.5, -2), Extra: Color(3), Count: &n,
	}
}

// anyScenarios are the values of the interop tests and fixtures, by name.
var anyScenarios = map[string]func() interface{}{
	"map-string-string":       func() interface{} { return map[string]string{"user": "alice", "role": "admin", "": "empty key"} },
	"map-string-string-empty": func() interface{} { return map[string]string{} },
	"map-string-any": func() interface{} {
		return map[string]interface{}{"s": "x", "b": true, "i": -7, "f": 1.25, "nil": nil,
			"list": []interface{}{"a", 1, false, nil, map[string]interface{}{"deep": []interface{}{}}},
			"map":  map[string]interface{}{"k": "v", "n": map[string]interface{}{}}}
	},
	"session-registered": func() interface{} {
		return map[interface{}]interface{}{"user": "bob", "when": when(), "acct": Address{Street: "x", Zip: 1},
			"color": Color(2), "flags": Flags{"beta": true}, "big": int64(-1 << 40)}
	},
	"session-registered-more": func() interface{} {
		return map[interface{}]interface{}{"byte": uint8(200), "bytes": []byte("hi"), "strs": []string{"a", "b"},
			"strmap": map[string]string{"k": "v"}, "nested": map[string]interface{}{"a": []interface{}{1.5, "x"}},
			"_flash": []interface{}{"saved"}}
	},
	"session-non-string-keys": func() interface{} {
		return map[interface{}]interface{}{1: "one", "two": 2, true: nil}
	},
	"struct":        func() interface{} { return account() },
	"struct-zero":   func() interface{} { return Account{} },
	"struct-slice":  func() interface{} { return []Address{{Street: "a", Zip: 1}, {}} },
	"recursive":     func() interface{} { return Node{Val: 1, Next: &Node{Val: 2, Next: &Node{Val: 3}}} },
	"time":          func() interface{} { return when() },
	"time-zone":     func() interface{} { return when().In(time.FixedZone("X", -(9*3600 + 30*60))) },
	"time-zero":     func() interface{} { return time.Time{} },
	"time-unix":     func() interface{} { return time.Unix(0, 0).UTC() },
	"slice-string":  func() interface{} { return []string{"a", "", "c"} },
	"slice-int":     func() interface{} { return []int{0, -1, math.MaxInt64, math.MinInt64} },
	"slice-any":     func() interface{} { return []interface{}{"x", 1, 2.5, true, nil} },
	"slice-nested":  func() interface{} { return [][]string{{"a"}, {}, {"b", "c"}} },
	"array":         func() interface{} { return [4]uint8{1, 2, 3, 255} },
	"bytes":         func() interface{} { return []byte{0, 1, 2, 0xff} },
	"string":        func() interface{} { return "héllo\n\"q\"" },
	"int":           func() interface{} { return -12345 },
	"uint64":        func() interface{} { return uint64(math.MaxUint64) },
	"int8":          func() interface{} { return int8(-128) },
	"bool":          func() interface{} { return true },
	"float64":       func() interface{} { return 0.1 },
	"float-special": func() interface{} { return []float64{math.Inf(1), math.Inf(-1), math.NaN(), math.Copysign(0, -1)} },
	"complex":       func() interface{} { return complex(3, 4) },
	"map-int-string": func() interface{} {
		return map[int]string{1: "a", -2: "b"}
	},
	"map-nested": func() interface{} {
		return map[string]map[string][]int{"a": {"x": {1, 2}}, "b": {}}
	},
	"map-struct-values": func() interface{} { return map[string]Address{"home": {Street: "s", Zip: 9}} },
	"binary-marshaler":  func() interface{} { return map[string]interface{}{"u": &url.URL{Scheme: "https", Host: "h"}} },
	"gob-encoder":       func() interface{} { return map[string]interface{}{"n": big.NewInt(-1234567890123)} },
	"named-map":         func() interface{} { return Flags{"a": true, "b": false} },
	"interface-struct":  func() interface{} { return map[string]interface{}{"acct": account()} },
}

func anyScenarioNames() []string {
	var names []string
	for n := range anyScenarios {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// gobAnyBytes is gorilla's GobEncoder.Serialize of the scenario. Go writes map entries in random order: the
// smallest of many encodings is taken, so the fixture is the same on every run.
func gobAnyBytes(name string) ([]byte, error) {
	f, ok := anyScenarios[name]
	if !ok {
		return nil, fmt.Errorf("unknown scenario %q", name)
	}
	// Go numbers types per process as it first meets them, in the random order of map entries: meet them entry by
	// entry in key order first, so every run numbers them alike.
	if m := reflect.ValueOf(f()); m.Kind() == reflect.Map {
		keys := m.MapKeys()
		sort.Slice(keys, func(i, j int) bool { return fmt.Sprint(keys[i]) < fmt.Sprint(keys[j]) })
		for _, k := range keys {
			one := reflect.MakeMap(m.Type())
			one.SetMapIndex(k, m.MapIndex(k))
			if _, err := (securecookie.GobEncoder{}).Serialize(one.Interface()); err != nil {
				return nil, err
			}
		}
	}
	var best []byte
	for try := 0; try < 400; try++ {
		// The type ids are fixed now, so the bytes differ only in the order of map entries.
		b, err := securecookie.GobEncoder{}.Serialize(f())
		if err != nil {
			return nil, err
		}
		if best == nil || bytes.Compare(b, best) < 0 {
			best = b
		}
	}
	return best, nil
}

// ---------------------------------------------------------------------------------------------------------------
// the expected JSON view

var plainInterfaceTypes = map[string]bool{
	"string": true, "bool": true, "int": true, "float64": true, "[]interface {}": true,
	"map[string]interface {}": true, "map[interface {}]interface {}": true,
}

// registeredName is the name gob.Register gives a (non-pointer) type.
func registeredName(t reflect.Type) string {
	if t.Name() != "" {
		if t.PkgPath() == "" {
			return t.Name()
		}
		return t.PkgPath() + "." + t.Name()
	}
	return t.String()
}

func jsonText(v interface{}) string {
	var b bytes.Buffer
	e := json.NewEncoder(&b)
	e.SetEscapeHTML(false)
	if err := e.Encode(v); err != nil {
		panic(err)
	}
	return strings.TrimSuffix(b.String(), "\n")
}

func floatView(f float64) string {
	switch {
	case math.IsNaN(f):
		return `"NaN"`
	case math.IsInf(f, 1):
		return `"+Inf"`
	case math.IsInf(f, -1):
		return `"-Inf"`
	}
	return jsonText(f)
}

var (
	timeType      = reflect.TypeOf(time.Time{})
	gobEncoder    = reflect.TypeOf((*gob.GobEncoder)(nil)).Elem()
	binMarshaler  = reflect.TypeOf((*interface{ MarshalBinary() ([]byte, error) })(nil)).Elem()
	textMarshaler = reflect.TypeOf((*interface{ MarshalText() ([]byte, error) })(nil)).Elem()
)

// selfEncoded returns the bytes a GobEncoder, BinaryMarshaler or TextMarshaler writes, as gob picks the method.
func selfEncoded(v reflect.Value) ([]byte, bool) {
	p := reflect.New(v.Type())
	p.Elem().Set(v)
	for _, t := range []reflect.Type{gobEncoder, binMarshaler, textMarshaler} {
		for _, x := range []reflect.Value{v, p} {
			if x.Type().Implements(t) {
				out := x.MethodByName(map[reflect.Type]string{gobEncoder: "GobEncode", binMarshaler: "MarshalBinary",
					textMarshaler: "MarshalText"}[t]).Call(nil)
				return out[0].Bytes(), true
			}
		}
	}
	return nil, false
}

// view renders a value as GobView shows it after gob carried it.
func view(v reflect.Value) string {
	if v.Type() == timeType {
		return jsonText(v.Interface().(time.Time).Format(time.RFC3339Nano))
	}
	if v.Kind() != reflect.Pointer && v.Kind() != reflect.Interface {
		if b, ok := selfEncoded(v); ok {
			return jsonText(base64.StdEncoding.EncodeToString(b))
		}
	}
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return "null"
		}
		return view(v.Elem())
	case reflect.Interface:
		if v.IsNil() {
			return "null"
		}
		c := v.Elem()
		for c.Kind() == reflect.Pointer {
			c = c.Elem()
		}
		name := registeredName(v.Elem().Type())
		if plainInterfaceTypes[name] {
			return view(c)
		}
		return `{"$type":` + jsonText(name) + `,"$value":` + view(c) + `}`
	case reflect.Bool:
		return strconv.FormatBool(v.Bool())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return strconv.FormatInt(v.Int(), 10)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return strconv.FormatUint(v.Uint(), 10)
	case reflect.Float32, reflect.Float64:
		return floatView(v.Float())
	case reflect.Complex64, reflect.Complex128:
		return "[" + floatView(real(v.Complex())) + "," + floatView(imag(v.Complex())) + "]"
	case reflect.String:
		return jsonText(v.String())
	case reflect.Slice:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			return jsonText(base64.StdEncoding.EncodeToString(v.Bytes()))
		}
		fallthrough
	case reflect.Array:
		var items []string
		for i := 0; i < v.Len(); i++ {
			items = append(items, view(v.Index(i)))
		}
		return "[" + strings.Join(items, ",") + "]"
	case reflect.Map:
		type entry struct{ k, kv, v string }
		var entries []entry
		stringKeys := true
		for _, k := range v.MapKeys() {
			kv := k
			if kv.Kind() == reflect.Interface && !kv.IsNil() {
				kv = kv.Elem()
			}
			if kv.Kind() != reflect.String || (k.Kind() == reflect.Interface && kv.Type() != reflect.TypeOf("")) {
				stringKeys = false
			}
			entries = append(entries, entry{view(k), fmt.Sprint(kv), view(v.MapIndex(k))})
		}
		sort.Slice(entries, func(i, j int) bool { return entries[i].k < entries[j].k })
		var items []string
		for _, e := range entries {
			if stringKeys {
				items = append(items, e.k+":"+e.v)
			} else {
				items = append(items, `{"key":`+e.k+`,"value":`+e.v+`}`)
			}
		}
		if stringKeys {
			return "{" + strings.Join(items, ",") + "}"
		}
		return "[" + strings.Join(items, ",") + "]"
	case reflect.Struct:
		var items []string
		t := v.Type()
		for i := 0; i < t.NumField(); i++ {
			if !t.Field(i).IsExported() {
				continue
			}
			items = append(items, jsonText(t.Field(i).Name)+":"+fieldView(v.Field(i)))
		}
		return "{" + strings.Join(items, ",") + "}"
	}
	panic("no view for " + v.Type().String())
}

// fieldView is what a struct field reads back as: gob does not send zero fields (nor nil pointers, empty slices,
// nil maps and interfaces, zero self-encoding values), so the reader fills in the zero scalar or null.
func fieldView(f reflect.Value) string {
	for f.Kind() == reflect.Pointer {
		if f.IsNil() {
			return zeroView(f.Type().Elem())
		}
		f = f.Elem()
	}
	if _, self := selfEncoded(f); self || f.Type() == timeType {
		if f.IsZero() {
			return "null"
		}
		return view(f)
	}
	switch f.Kind() {
	case reflect.Slice:
		if f.Len() == 0 {
			return "null"
		}
	case reflect.Map, reflect.Interface:
		if f.IsNil() {
			return "null"
		}
	}
	return view(f)
}

func zeroView(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Bool:
		return "false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Uint, reflect.Uint8,
		reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr, reflect.Float32, reflect.Float64:
		return "0"
	case reflect.String:
		return `""`
	case reflect.Complex64, reflect.Complex128:
		return "[0,0]"
	}
	return "null"
}

// goTypeName is the Go type GobView reports for a value sent as t by a fresh process: gob's wire names (type.go:
// newTypeObject names a type as it first meets it: the top-level type and slice elements by their Name, struct
// fields by Name or String, map keys and values and array elements not at all), with unnamed types spelled out
// from their parts, and the wire's few scalar types (every signed integer is int, every unsigned one uint).
func goTypeName(t reflect.Type) string {
	return wireName(t, t.Name())
}

func wireName(t reflect.Type, name string) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if _, self := selfEncoded(reflect.New(t).Elem()); self || t == timeType {
		return orStruct(name)
	}
	switch t.Kind() {
	case reflect.Bool:
		return "bool"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return "int"
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return "uint"
	case reflect.Float32, reflect.Float64:
		return "float64"
	case reflect.Complex64, reflect.Complex128:
		return "complex128"
	case reflect.String:
		return "string"
	case reflect.Interface:
		return "interface {}"
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Uint8 {
			return "[]uint8"
		}
	}
	if name != "" {
		return name
	}
	switch t.Kind() {
	case reflect.Slice:
		return "[]" + wireName(t.Elem(), t.Elem().Name())
	case reflect.Array:
		return "[" + strconv.Itoa(t.Len()) + "]" + wireName(t.Elem(), "")
	case reflect.Map:
		return "map[" + wireName(t.Key(), "") + "]" + wireName(t.Elem(), "")
	}
	return "struct"
}

func orStruct(name string) string {
	if name == "" {
		return "struct"
	}
	return name
}

// ---------------------------------------------------------------------------------------------------------------
// harness operations and fixtures

// serveAny handles gob-any-encode (a scenario as a cookie, with its view) and gob-any-decode (a cookie read into
// req.Target, printed as JSON).
func serveAny(req *Request) Response {
	registerAny()
	switch req.Op {
	case "gob-any-encode":
		f, ok := anyScenarios[req.Scenario]
		if !ok {
			return Response{Err: "unknown scenario " + req.Scenario}
		}
		v := f()
		s, err := securecookie.EncodeMulti(req.Name, v, codecs(req)...)
		if err != nil {
			return Response{Err: err.Error()}
		}
		return Response{OK: true, Value: s, View: view(reflect.ValueOf(v)), Type: goTypeName(reflect.TypeOf(v))}
	case "gob-any-decode":
		var dst interface{}
		switch req.Target {
		case "map[string]string":
			m := map[string]string{}
			dst = &m
		case "map[string]interface{}":
			m := map[string]interface{}{}
			dst = &m
		default:
			return Response{Err: "unknown target " + req.Target}
		}
		if err := securecookie.DecodeMulti(req.Name, req.Value, dst, codecs(req)...); err != nil {
			return Response{Err: err.Error()}
		}
		return Response{OK: true, Value: jsonText(dst)}
	}
	return Response{Err: "unknown op " + req.Op}
}

// anyWrites are JSON objects whose gob a fresh Go process writes the same way every time (one entry a map, no
// []interface{}: Java sends that type's definition up front, Go at its first use), by target type.
var anyWrites = [][3]string{
	{"empty", "map[string]string", `{}`},
	{"string", "map[string]string", `{"user":"alice@example.com"}`},
	{"string-long", "map[string]string", `{"k":"` + strings.Repeat("x", 200) + `"}`},
	{"key-utf8", "map[string]string", `{"clé":"é 中 😀"}`},
	{"any-empty", "map[string]interface{}", `{}`},
	{"any-string", "map[string]interface{}", `{"s":"x"}`},
	{"any-true", "map[string]interface{}", `{"b":true}`},
	{"any-false", "map[string]interface{}", `{"b":false}`},
	{"any-int", "map[string]interface{}", `{"i":-7}`},
	{"any-int-max", "map[string]interface{}", `{"i":9223372036854775807}`},
	{"any-float", "map[string]interface{}", `{"f":1.5}`},
	{"any-float-small", "map[string]interface{}", `{"f":-1e-300}`},
	{"any-null", "map[string]interface{}", `{"n":null}`},
	{"any-map", "map[string]interface{}", `{"m":{"k":"v"}}`},
	{"any-map-empty", "map[string]interface{}", `{"m":{}}`},
	{"any-map-deep", "map[string]interface{}", `{"a":{"b":{"c":{"d":1}}}}`},
}

// goValueOf reads JSON as Java's GobView does: integers as int, other numbers as float64.
func goValueOf(v interface{}) interface{} {
	switch x := v.(type) {
	case json.Number:
		if i, err := x.Int64(); err == nil {
			return int(i)
		}
		f, _ := x.Float64()
		return f
	case map[string]interface{}:
		for k, e := range x {
			x[k] = goValueOf(e)
		}
	}
	return v
}

func anyWriteBytes(target, text string) ([]byte, error) {
	d := json.NewDecoder(strings.NewReader(text))
	d.UseNumber()
	var m map[string]interface{}
	if err := d.Decode(&m); err != nil {
		return nil, err
	}
	goValueOf(m)
	if target == "map[string]string" {
		s := map[string]string{}
		for k, v := range m {
			s[k] = v.(string)
		}
		return securecookie.GobEncoder{}.Serialize(s)
	}
	return securecookie.GobEncoder{}.Serialize(m)
}

// gobAnyFixtures: per scenario, the bytes a fresh Go process writes, and ok [Go type, expected view]; per write
// case, the JSON object, its Go type and the bytes a fresh Go process writes for it.
func gobAnyFixtures() (string, error) {
	registerAny()
	var sb strings.Builder
	for _, w := range anyWrites {
		out, err := exec.Command(os.Args[0], "fixture-gob-write", w[1], w[2]).Output()
		if err != nil {
			return "", fmt.Errorf("fixture-gob-write %s: %v", w[0], err)
		}
		line(&sb, "write", w[0], w[1]+" "+w[2], "ok "+string(out))
	}
	for _, name := range anyScenarioNames() {
		out, err := exec.Command(os.Args[0], "fixture-gob-any", name).Output()
		if err != nil {
			return "", fmt.Errorf("fixture-gob-any %s: %v", name, err)
		}
		v := anyScenarios[name]()
		line(&sb, "view", name, string(out), "ok ["+jsonText(goTypeName(reflect.TypeOf(v)))+","+view(reflect.ValueOf(v))+"]")
	}
	return sb.String(), nil
}
