// Command parsetemplate is the reference for wf-lsp's expression parser: it reads one
// JSON-encoded string per line on stdin and prints whether Go's text/template parses it,
// with the engine's delimiters ${{ and }} and no functions beyond the built-in ones, as one
// JSON line: {"ok": true} or {"err": "..."}. Standard library only: it builds offline with
// GO111MODULE=off.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"text/template"
)

func main() {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<16), 1<<26)
	out := bufio.NewWriter(os.Stdout)
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	for in.Scan() {
		var s string
		if err := json.Unmarshal(in.Bytes(), &s); err != nil {
			fmt.Fprintln(os.Stderr, "parsetemplate: bad input line:", err)
			os.Exit(2)
		}
		if _, err := template.New("").Delims("${{", "}}").Parse(s); err != nil {
			enc.Encode(map[string]string{"err": err.Error()})
		} else {
			enc.Encode(map[string]bool{"ok": true})
		}
		out.Flush() // one answer per question, so a caller can keep the process open
	}
	if err := in.Err(); err != nil {
		fmt.Fprintln(os.Stderr, "parsetemplate:", err)
		os.Exit(2)
	}
}
