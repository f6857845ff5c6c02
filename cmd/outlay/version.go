package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"

	"outlay/internal/buildinfo"
)

// versionCmd prints which build this is, on one line ("outlay 0.10.0 (commit …)"), or
// as a JSON object with --json for scripts that compare what is deployed.
func versionCmd(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("version", flag.ContinueOnError)
	fs.SetOutput(stderr)
	asJSON := fs.Bool("json", false, "print {\"version\", \"commit\", \"time\", \"modified\"}")
	if err := parse(fs, args); err != nil {
		return err
	}
	in := buildinfo.Read()
	if *asJSON {
		return json.NewEncoder(stdout).Encode(in)
	}
	_, err := fmt.Fprintln(stdout, in)
	return err
}

// buildVersion is what the server shows of this build in /healthz and the footer.
func buildVersion() (version, commit string) {
	in := buildinfo.Read()
	return in.Version, in.Commit
}
