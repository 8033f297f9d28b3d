// Command yamlv3 is the reference for whether wf-lsp sees a YAML syntax error where the H2O
// engine, written in Go, does: it reads one JSON-encoded string per line on stdin, decodes
// every document of it with gopkg.in/yaml.v3 into yaml.Node (syntax only: no type is asked
// for), and prints one JSON line per text: {"docs": N} or {"err": "...", "line": L} (L is
// 1-based, 0 when the message names no line). gopkg.in/yaml.v3 comes from Debian's
// golang-gopkg-yaml.v3-dev (GOPATH /usr/share/gocode): it builds offline with GO111MODULE=off.
package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

var lineOf = regexp.MustCompile(`line (\d+)`)

func decode(text string) (n int, err error) {
	defer func() { // yaml.v3 panics on some inputs: that is an error too
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	dec := yaml.NewDecoder(strings.NewReader(text))
	for {
		var node yaml.Node
		if err := dec.Decode(&node); err != nil {
			if errors.Is(err, io.EOF) {
				return n, nil
			}
			return n, err
		}
		n++
	}
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
			fmt.Fprintln(os.Stderr, "yamlv3: bad input line:", err)
			os.Exit(2)
		}
		if n, err := decode(s); err != nil {
			line := 0
			if m := lineOf.FindStringSubmatch(err.Error()); m != nil {
				line, _ = strconv.Atoi(m[1])
			}
			enc.Encode(map[string]any{"err": err.Error(), "line": line})
		} else {
			enc.Encode(map[string]int{"docs": n})
		}
		out.Flush()
	}
	if err := in.Err(); err != nil {
		fmt.Fprintln(os.Stderr, "yamlv3:", err)
		os.Exit(2)
	}
}
