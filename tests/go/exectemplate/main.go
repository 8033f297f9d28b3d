// Command exectemplate is the reference for what wf-lsp says of a template's run: it reads
// one JSON-encoded string per line on stdin, parses it as parsetemplate does (delimiters
// ${{ and }}, the built-in functions) and runs it on the data below, printing one JSON line:
// {"out": "..."} for a run that ends well, {"parse": "..."} or {"exec": "..."} for an error.
// The data has a value of each kind a workflow gives (strings from inputs of type string,
// secrets, env and matrix; an int input; a bool input). Standard library only: it builds
// offline with GO111MODULE=off.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"text/template"
)

var data = map[string]any{
	"inputs":  map[string]any{"mode": "fast", "letter": "f", "count": 3, "flag": true},
	"secrets": map[string]any{"tok": "t"},
	"env":     map[string]any{"TOP": "a"},
	"matrix":  map[string]any{"os": "l"},
}

func main() {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<16), 1<<26)
	out := bufio.NewWriter(os.Stdout)
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	for in.Scan() {
		var s string
		if err := json.Unmarshal(in.Bytes(), &s); err != nil {
			fmt.Fprintln(os.Stderr, "exectemplate: bad input line:", err)
			os.Exit(2)
		}
		t, err := template.New("").Delims("${{", "}}").Parse(s)
		if err != nil {
			enc.Encode(map[string]string{"parse": err.Error()})
		} else {
			var b strings.Builder
			if err := t.Execute(&b, data); err != nil {
				enc.Encode(map[string]string{"exec": err.Error()})
			} else {
				enc.Encode(map[string]string{"out": b.String()})
			}
		}
		out.Flush()
	}
	if err := in.Err(); err != nil {
		fmt.Fprintln(os.Stderr, "exectemplate:", err)
		os.Exit(2)
	}
}
