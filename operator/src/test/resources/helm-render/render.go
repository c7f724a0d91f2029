// Renders a Helm chart's templates with Go's text/template, the engine Helm itself uses, and the few template
// functions the sessionkeys-operator chart calls (a subset of Helm's and sprig's, with their argument order).
// There is no helm binary on the build machines; this keeps the chart honest without one.
//
// Usage: go run render.go CHART_DIR VALUES_JSON RELEASE_NAME NAMESPACE
// Values come as JSON (the test converts values.yaml); toYaml writes JSON, which is valid YAML.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"text/template"
)

func main() {
	chartDir, valuesFile, release, namespace := os.Args[1], os.Args[2], os.Args[3], os.Args[4]
	var values map[string]interface{}
	raw, err := os.ReadFile(valuesFile)
	check(err)
	check(json.Unmarshal(raw, &values))

	chart := map[string]interface{}{}
	f, err := os.Open(filepath.Join(chartDir, "Chart.yaml"))
	check(err)
	scanner := bufio.NewScanner(f)
	for scanner.Scan() {
		line := scanner.Text()
		if i := strings.Index(line, ":"); i > 0 && !strings.HasPrefix(line, " ") {
			key := strings.TrimSpace(line[:i])
			value := strings.Trim(strings.TrimSpace(line[i+1:]), "\"")
			chart[strings.ToUpper(key[:1])+key[1:]] = value
		}
	}
	f.Close()

	root := map[string]interface{}{
		"Values":  values,
		"Chart":   chart,
		"Release": map[string]interface{}{"Name": release, "Namespace": namespace, "Service": "Helm"},
	}

	tpl := template.New("chart").Option("missingkey=zero")
	funcs := template.FuncMap{
		"include": func(name string, data interface{}) (string, error) {
			var out bytes.Buffer
			err := tpl.ExecuteTemplate(&out, name, data)
			return out.String(), err
		},
		"toYaml": func(v interface{}) string {
			b, err := json.Marshal(v)
			check(err)
			return string(b)
		},
		"nindent": func(n int, s string) string {
			pad := strings.Repeat(" ", n)
			return "\n" + pad + strings.ReplaceAll(s, "\n", "\n"+pad)
		},
		"quote": func(v interface{}) string { return fmt.Sprintf("%q", fmt.Sprint(v)) },
		"default": func(def interface{}, given interface{}) interface{} {
			if given == nil || given == "" || given == false {
				return def
			}
			return given
		},
		"join": func(sep string, list interface{}) string {
			items, _ := list.([]interface{})
			parts := make([]string, len(items))
			for i, item := range items {
				parts[i] = fmt.Sprint(item)
			}
			return strings.Join(parts, sep)
		},
		"trunc": func(n int, s string) string {
			if len(s) > n {
				return s[:n]
			}
			return s
		},
		"trimSuffix": func(suffix, s string) string { return strings.TrimSuffix(s, suffix) },
		"contains":   func(substr, s string) bool { return strings.Contains(s, substr) },
	}
	tpl.Funcs(funcs)

	files, err := filepath.Glob(filepath.Join(chartDir, "templates", "*"))
	check(err)
	sort.Strings(files)
	for _, file := range files {
		text, err := os.ReadFile(file)
		check(err)
		_, err = tpl.New(filepath.Base(file)).Parse(string(text))
		check(err)
	}
	for _, file := range files {
		name := filepath.Base(file)
		if strings.HasPrefix(name, "_") {
			continue
		}
		var out bytes.Buffer
		check(tpl.ExecuteTemplate(&out, name, root))
		fmt.Printf("---\n# Source: %s\n%s\n", name, out.String())
	}
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "render:", err)
		os.Exit(1)
	}
}
