package main

import (
	_ "embed"
	"flag"
	"io"
)

// systemdUnit is outlay.service, carried in the binary so that an install needs nothing
// but the binary: `outlay systemd-unit | sudo tee /etc/systemd/system/outlay.service`.
//
//go:embed outlay.service
var systemdUnit string

// systemdUnitCmd prints the unit file.
func systemdUnitCmd(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("systemd-unit", flag.ContinueOnError)
	fs.SetOutput(stderr)
	if err := parse(fs, args); err != nil {
		return err
	}
	_, err := io.WriteString(stdout, systemdUnit)
	return err
}
