// Package web holds the page templates and static assets, embedded so the binary serves
// everything itself (no CDN: the Content-Security-Policy is default-src 'self').
package web

import "embed"

// FS holds templates/ (html/template files) and static/ (CSS, JS).
//
//go:embed templates static
var FS embed.FS
