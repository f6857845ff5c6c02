package server

// Route lists of the licence, budget and spend slices, still being written; this file is
// deleted when they land.

func (s *Server) licenceRoutes(g routeGroups) {}
func (s *Server) budgetRoutes(g routeGroups)  {}
func (s *Server) spendRoutes(g routeGroups)   {}
