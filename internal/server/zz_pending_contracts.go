package server

import "github.com/gin-gonic/gin"

// Handlers of the contracts slice, still being written; this file is deleted when they land.

func (s *Server) home(c *gin.Context)                   { s.pending(c) }
func (s *Server) contractList(c *gin.Context)           { s.pending(c) }
func (s *Server) contractShow(c *gin.Context)           { s.pending(c) }
func (s *Server) contractNew(c *gin.Context)            { s.pending(c) }
func (s *Server) contractCreate(c *gin.Context)         { s.pending(c) }
func (s *Server) contractEdit(c *gin.Context)           { s.pending(c) }
func (s *Server) contractUpdate(c *gin.Context)         { s.pending(c) }
func (s *Server) contractArchiveConfirm(c *gin.Context) { s.pending(c) }
func (s *Server) contractArchive(c *gin.Context)        { s.pending(c) }
func (s *Server) contractRenewConfirm(c *gin.Context)   { s.pending(c) }
func (s *Server) contractRenew(c *gin.Context)          { s.pending(c) }
func (s *Server) contractDecide(c *gin.Context)         { s.pending(c) }
func (s *Server) apiContractList(c *gin.Context)        { s.pending(c) }
func (s *Server) apiContractGet(c *gin.Context)         { s.pending(c) }
func (s *Server) apiContractCreate(c *gin.Context)      { s.pending(c) }
func (s *Server) apiContractUpdate(c *gin.Context)      { s.pending(c) }
func (s *Server) apiContractArchive(c *gin.Context)     { s.pending(c) }
func (s *Server) apiContractRenew(c *gin.Context)       { s.pending(c) }
func (s *Server) apiContractDecide(c *gin.Context)      { s.pending(c) }
