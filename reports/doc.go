// Package reports writes Outlay's Excel workbooks with excelize. It takes domain values
// and an io.Writer and knows nothing about SQL or HTTP, so every workbook can be tested by
// reading it back.
package reports
