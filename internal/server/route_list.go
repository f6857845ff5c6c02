package server

import "sort"

// Route is one registered method and path pattern.
type Route struct{ Method, Path string }

// Routes lists every registered route, sorted, so that a test can hold each one to the
// role it must require and fail on a route nobody has decided about.
func (s *Server) Routes() []Route {
	var out []Route
	for _, r := range s.engine.Routes() {
		out = append(out, Route{r.Method, r.Path})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Path != out[j].Path {
			return out[i].Path < out[j].Path
		}
		return out[i].Method < out[j].Method
	})
	return out
}
