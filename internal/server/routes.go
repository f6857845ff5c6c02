package server

import (
	"github.com/gin-gonic/gin"

	"outlay/internal/outlay"
)

// routes lists every route in one place, grouped by the role they require.
func (s *Server) routes() {
	r := s.engine
	s.probeRoutes(r) // before the pages' middleware, which the probes do without
	// Static files are served before the router, without a session: see New and assets.
	r.Use(s.requestID, s.recovery, s.securityHeaders, s.logRequests, s.memoSettings, s.authenticate, s.requireSetUp, s.limitBody)

	// Public: first-run set-up, sign-in, a forgotten password.
	r.GET("/setup", s.setupForm)
	r.POST("/setup", s.setupSubmit)
	r.GET("/login", s.loginForm)
	r.POST("/login", s.loginSubmit)
	r.POST("/logout", s.logout)
	r.GET("/password/forgot", s.passwordForgotForm)
	r.POST("/password/forgot", s.passwordForgotSubmit)
	r.GET("/password/reset/:token", s.passwordResetForm)
	r.POST("/password/reset/:token", s.passwordResetSubmit)
	// A calendar program's fetch: the secret in the address is the credential.
	r.GET(calendarPathPrefix+":file", s.calendarFeed)
	// The API document and its page: no secrets in them, and a client reads them first.
	r.GET("/api/v1/openapi.json", s.apiDocJSON)
	r.GET("/api/docs", s.apiDocPage)

	// Pages: any signed-in user reads.
	view := r.Group("/", s.requirePage(outlay.RoleViewer))
	view.GET("/", s.home)
	view.GET("/vendors", s.vendorList)
	view.GET("/vendors/export.xlsx", s.vendorExport)
	view.GET("/vendors/:id", s.vendorShow)
	view.GET("/contracts", s.contractList)
	view.GET("/contracts/export.xlsx", s.contractExport)
	view.GET("/contracts/:id", s.contractShow)
	view.GET("/renewals", s.renewalList)
	// The audit log only reads, and auditors are viewers; it keeps its /admin address.
	view.GET("/admin/audit", s.auditList)
	view.GET("/admin/audit/export.xlsx", s.auditExport)
	view.GET("/reports", s.reportShow)
	view.GET("/reports/quarterly.xlsx", s.reportDownload)
	view.GET("/profile", s.profileShow)
	view.POST("/profile/password", s.profilePassword)
	view.POST("/profile/tokens", s.profileTokenCreate)
	view.POST("/profile/tokens/:id/revoke", s.profileTokenRevoke)
	view.POST("/profile/calendar", s.profileCalendarCreate)
	view.POST("/profile/calendar/revoke", s.profileCalendarRevoke)
	view.POST("/profile/digest", s.profileDigest)

	// Pages: editors change vendors and contracts.
	edit := r.Group("/", s.requirePage(outlay.RoleEditor))
	edit.GET("/vendors/new", s.vendorNew)
	edit.POST("/vendors", s.vendorCreate)
	edit.GET("/vendors/:id/edit", s.vendorEdit)
	edit.POST("/vendors/:id", s.vendorUpdate)
	edit.GET("/vendors/:id/archive", s.vendorArchiveConfirm)
	edit.POST("/vendors/:id/archive", s.vendorArchive)
	edit.GET("/contracts/new", s.contractNew)
	edit.POST("/contracts", s.contractCreate)
	edit.GET("/contracts/:id/edit", s.contractEdit)
	edit.POST("/contracts/:id", s.contractUpdate)
	edit.GET("/contracts/:id/archive", s.contractArchiveConfirm)
	edit.POST("/contracts/:id/archive", s.contractArchive)
	edit.GET("/contracts/:id/renew", s.contractRenewConfirm)
	edit.POST("/contracts/:id/renew", s.contractRenew)
	edit.POST("/contracts/:id/decision", s.contractDecide)
	edit.GET("/contracts/:id/terms/:term/edit", s.contractTermEdit)
	edit.POST("/contracts/:id/terms/:term", s.contractTermUpdate)
	edit.GET("/contracts/:id/terms/:term/delete", s.contractTermDeleteConfirm)
	edit.POST("/contracts/:id/terms/:term/delete", s.contractTermDelete)

	// Pages: administrators manage users, settings and rates.
	admin := r.Group("/admin", s.requirePage(outlay.RoleAdmin))
	admin.GET("/users", s.userList)
	admin.GET("/users/new", s.userNew)
	admin.POST("/users", s.userCreate)
	admin.GET("/users/:id/edit", s.userEdit)
	admin.POST("/users/:id", s.userUpdate)
	admin.GET("/settings", s.settingsForm)
	admin.POST("/settings", s.settingsSave)
	admin.GET("/rates", s.rateList)
	admin.POST("/rates", s.rateCreate)
	admin.GET("/rates/:id/delete", s.rateDeleteConfirm)
	admin.POST("/rates/:id/delete", s.rateDelete)

	// The Notifications page is an administrator's, at an address of its own: mail set-up,
	// reminder runs and the outbox are not records under /admin.
	notify := r.Group("/notifications", s.requirePage(outlay.RoleAdmin))
	notify.GET("", s.notificationsShow)
	notify.POST("/test", s.notificationTestSend)
	notify.POST("/emails/:id/retry", s.notificationRetry)

	// JSON API, with the same roles. Bearer tokens or a browser session both work.
	apiView := r.Group("/api/v1", s.requireAPI(outlay.RoleViewer))
	apiView.GET("/vendors", s.apiVendorList)
	apiView.GET("/vendors/:id", s.apiVendorGet)
	apiView.GET("/contracts", s.apiContractList)
	apiView.GET("/contracts/:id", s.apiContractGet)
	apiView.GET("/audit", s.apiAuditList)
	apiView.GET("/settings", s.apiSettingsGet)
	apiView.GET("/rates", s.apiRateList)
	s.apiExportRoutes(apiView)

	apiEdit := r.Group("/api/v1", s.requireAPI(outlay.RoleEditor))
	apiEdit.POST("/vendors", s.apiVendorCreate)
	apiEdit.PATCH("/vendors/:id", s.apiVendorUpdate)
	apiEdit.DELETE("/vendors/:id", s.apiVendorArchive)
	apiEdit.POST("/contracts", s.apiContractCreate)
	apiEdit.PATCH("/contracts/:id", s.apiContractUpdate)
	apiEdit.DELETE("/contracts/:id", s.apiContractArchive)
	apiEdit.POST("/contracts/:id/renew", s.apiContractRenew)
	apiEdit.POST("/contracts/:id/decision", s.apiContractDecide)
	apiEdit.PATCH("/contracts/:id/terms/:term", s.apiTermUpdate)
	apiEdit.DELETE("/contracts/:id/terms/:term", s.apiTermDelete)

	// Suggestions of the searchable fields, asked by outlay.js as a signed-in user types.
	pickers := r.Group("/pickers", s.requireAPI(outlay.RoleViewer))
	pickers.GET("/vendors", s.pickVendors)
	pickers.GET("/contracts", s.pickContracts)

	apiAdmin := r.Group("/api/v1", s.requireAPI(outlay.RoleAdmin))
	apiAdmin.PATCH("/settings", s.apiSettingsUpdate)
	apiAdmin.POST("/rates", s.apiRateCreate)
	apiAdmin.DELETE("/rates/:id", s.apiRateDelete)

	g := routeGroups{view: view, edit: edit, admin: admin, apiView: apiView, apiEdit: apiEdit, apiAdmin: apiAdmin}
	s.licenceRoutes(g)
	s.budgetRoutes(g)
	s.spendRoutes(g)
	s.importRoutes(g)

	r.NoRoute(s.notFound)
}

// routeGroups are the route groups by required role, handed to the slices that list
// their routes in a function of their own (licences, budget lines, spend).
type routeGroups struct {
	view, edit, admin          *gin.RouterGroup
	apiView, apiEdit, apiAdmin *gin.RouterGroup
}
