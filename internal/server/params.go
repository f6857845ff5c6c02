package server

import (
	"strconv"

	"github.com/gin-gonic/gin"

	"outlay/internal/outlay"
)

// pathID reads the :id URL parameter. Anything but a positive integer is "not found",
// since no record can have that address.
func pathID(c *gin.Context) (int64, error) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, outlay.Errorf(outlay.ENOTFOUND, "There is no record at this address.")
	}
	return id, nil
}
