package server

import (
	"context"
	"time"
)

// HoldExportSlots takes every export slot, as that many long exports would, and makes
// a request wait only wait for one, so tests see the busy answer without waiting the
// real time. release gives the slots back.
func (s *Server) HoldExportSlots(wait time.Duration) (release func()) {
	s.exports.wait = wait
	leaves := make([]func(), 0, exportSlots)
	for range exportSlots {
		leave, ok := s.exports.enter(context.Background())
		if !ok {
			panic("export slot taken before the test held them")
		}
		leaves = append(leaves, leave)
	}
	return func() {
		for _, leave := range leaves {
			leave()
		}
	}
}

// HoldFeedSlots is HoldExportSlots for the calendar feeds.
func (s *Server) HoldFeedSlots(wait time.Duration) (release func()) {
	s.feedGate.wait = wait
	leaves := make([]func(), 0, exportSlots)
	for range exportSlots {
		leave, ok := s.feedGate.enter(context.Background())
		if !ok {
			panic("feed slot taken before the test held them")
		}
		leaves = append(leaves, leave)
	}
	return func() {
		for _, leave := range leaves {
			leave()
		}
	}
}
