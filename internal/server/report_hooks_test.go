package server

import "time"

// SetExportWait makes a request wait only wait for an export slot, so tests of a full
// gate need not wait the real time. Call it before any request.
func (s *Server) SetExportWait(wait time.Duration) { s.exports.wait = wait }
