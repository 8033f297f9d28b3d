// Command parseduration is the reference for wf-lsp's duration parser: it reads one
// JSON-encoded string per line on stdin (so values may hold spaces, tabs and newlines) and
// prints time.ParseDuration's result for each as one JSON line, {"ns": N} or {"err": "..."}.
// Standard library only: it builds offline with GO111MODULE=off.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"time"
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
			fmt.Fprintln(os.Stderr, "parseduration: bad input line:", err)
			os.Exit(2)
		}
		if d, err := time.ParseDuration(s); err != nil {
			enc.Encode(map[string]string{"err": err.Error()})
		} else {
			enc.Encode(map[string]int64{"ns": int64(d)})
		}
		out.Flush() // one answer per question, so a caller can keep the process open
	}
	if err := in.Err(); err != nil {
		fmt.Fprintln(os.Stderr, "parseduration:", err)
		os.Exit(2)
	}
}
