package server

// importRoutes lists the import's routes: the pages and the API, editors and up. The
// uploads (POST /imports/:ref, POST /api/v1/imports/:kind) read their own bodies, after
// these groups have checked the role: see takesUpload. On the pages :ref is a kind
// where a file is sent or a template fetched, and an upload's token where one is shown
// or committed (one name, because the router takes one wildcard per position).
func (s *Server) importRoutes(g routeGroups) {
	g.edit.GET("/imports", s.importForm)
	g.edit.POST("/imports/:ref", s.importPreview)
	g.edit.GET("/imports/:ref/template.xlsx", s.importTemplate)
	g.edit.GET("/imports/:ref", s.importShow)
	g.edit.POST("/imports/:ref/commit", s.importCommit)

	g.apiEdit.POST("/imports/:kind", s.apiImport)
	g.apiEdit.GET("/imports/:kind/template.xlsx", s.apiImportTemplate)
}
