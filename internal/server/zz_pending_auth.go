package server

import "github.com/gin-gonic/gin"

// Handlers of the auth slice, still being written; this file is deleted when they land.

func (s *Server) setupForm(c *gin.Context)          { s.pending(c) }
func (s *Server) setupSubmit(c *gin.Context)        { s.pending(c) }
func (s *Server) profileShow(c *gin.Context)        { s.pending(c) }
func (s *Server) profilePassword(c *gin.Context)    { s.pending(c) }
func (s *Server) profileTokenCreate(c *gin.Context) { s.pending(c) }
func (s *Server) profileTokenRevoke(c *gin.Context) { s.pending(c) }
func (s *Server) userList(c *gin.Context)           { s.pending(c) }
func (s *Server) userNew(c *gin.Context)            { s.pending(c) }
func (s *Server) userCreate(c *gin.Context)         { s.pending(c) }
func (s *Server) userEdit(c *gin.Context)           { s.pending(c) }
func (s *Server) userUpdate(c *gin.Context)         { s.pending(c) }
func (s *Server) auditList(c *gin.Context)          { s.pending(c) }
func (s *Server) apiAuditList(c *gin.Context)       { s.pending(c) }
