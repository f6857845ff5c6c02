package server

import "github.com/gin-gonic/gin"

// Handlers of the vendors slice, still being written; this file is deleted when they land.

func (s *Server) vendorList(c *gin.Context)           { s.pending(c) }
func (s *Server) vendorShow(c *gin.Context)           { s.pending(c) }
func (s *Server) vendorNew(c *gin.Context)            { s.pending(c) }
func (s *Server) vendorCreate(c *gin.Context)         { s.pending(c) }
func (s *Server) vendorEdit(c *gin.Context)           { s.pending(c) }
func (s *Server) vendorUpdate(c *gin.Context)         { s.pending(c) }
func (s *Server) vendorArchiveConfirm(c *gin.Context) { s.pending(c) }
func (s *Server) vendorArchive(c *gin.Context)        { s.pending(c) }
func (s *Server) apiVendorList(c *gin.Context)        { s.pending(c) }
func (s *Server) apiVendorGet(c *gin.Context)         { s.pending(c) }
func (s *Server) apiVendorCreate(c *gin.Context)      { s.pending(c) }
func (s *Server) apiVendorUpdate(c *gin.Context)      { s.pending(c) }
func (s *Server) apiVendorArchive(c *gin.Context)     { s.pending(c) }
