// Package db holds Outlay's SQL migrations, embedded in the binary so that a new data
// folder is set up by the program itself. A migration that has landed is never edited:
// changes come as a new numbered file.
package db

import "embed"

// Migrations holds migrations/NNNNN_name.sql in goose's format.
//
//go:embed migrations/*.sql
var Migrations embed.FS
