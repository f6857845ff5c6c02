package server

// This file lends the external tests a look at the server's password hash limiter.

// HashConcurrency is how many password hashes may run at once.
const HashConcurrency = hashConcurrency

// PasswordHashStats returns the most password hashes that ran at once and how many ran.
func (s *Server) PasswordHashStats() (peak, runs int) { return s.hasher.Stats() }
