package server

import (
	"fmt"
	"html/template"
	"math"
	"strings"

	"outlay/internal/money"
)

// Charts are SVG drawn on the server: no script, no CDN, printable, and readable without
// colour — series differ by fill pattern or dash as well as by colour, every bar and point
// has a <title> with its exact value, and each chart sits next to a table of its numbers.

// chartSeries is one series of a chart: a name for the legend and one value per label,
// in minor units of the chart's currency.
type chartSeries struct {
	Name   string
	Values []int64
	style  seriesStyle
}

type seriesStyle struct {
	fill, stroke, dash string
}

// The series styles, in order: solid dark, solid light, hatched.
var chartStyles = []seriesStyle{
	{fill: "#1f4e8c", stroke: "#1f4e8c"},
	{fill: "#8fb3de", stroke: "#5b7fae", dash: "6 4"},
	{fill: "url(#hatch)", stroke: "#b45309", dash: "2 3"},
}

const (
	chartW, chartH                       = 720, 300
	padLeft, padRight, padTop, padBottom = 84, 16, 16, 64
)

// axisMax rounds a maximum up to a "nice" number (1, 2 or 5 times a power of ten) so the
// axis ticks are round amounts.
func axisMax(v float64) float64 {
	if v <= 0 {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(v)))
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if m*p >= v {
			return m * p
		}
	}
	return 10 * p
}

// majorUnits turns minor units into a float of major units for plotting only; no sum is
// ever taken of these.
func majorUnits(v int64, currency string) float64 {
	d, ok := money.Digits(currency)
	if !ok {
		d = 2
	}
	return float64(v) / math.Pow10(d)
}

// shortAmount writes an axis label: 1.2M, 350k, 900.
func shortAmount(v float64) string {
	a := math.Abs(v)
	switch {
	case a >= 1e9:
		return trimZero(fmt.Sprintf("%.1f", v/1e9)) + "B"
	case a >= 1e6:
		return trimZero(fmt.Sprintf("%.1f", v/1e6)) + "M"
	case a >= 1e3:
		return trimZero(fmt.Sprintf("%.1f", v/1e3)) + "k"
	}
	return trimZero(fmt.Sprintf("%.0f", v))
}

func trimZero(s string) string { return strings.TrimSuffix(s, ".0") }

// chartFrame writes the SVG opening, the hatch pattern, the y axis with its ticks and
// grid lines, and returns the scale from a value to a y coordinate.
func chartFrame(b *strings.Builder, title, currency string, max float64) func(float64) float64 {
	fmt.Fprintf(b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" role="img" aria-label="%s">`, chartW, chartH+24, template.HTMLEscapeString(title))
	b.WriteString(`<defs><pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#fde7c7"/><line x1="0" y1="0" x2="0" y2="6" stroke="#b45309" stroke-width="2"/></pattern></defs>`)
	plotH := float64(chartH - padTop - padBottom)
	y := func(v float64) float64 { return float64(padTop) + plotH - v/max*plotH }
	for i := 0; i <= 4; i++ {
		v := max * float64(i) / 4
		yy := y(v)
		fmt.Fprintf(b, `<line x1="%d" x2="%d" y1="%.1f" y2="%.1f" stroke="#e3e6ea"/>`, padLeft, chartW-padRight, yy, yy)
		fmt.Fprintf(b, `<text x="%d" y="%.1f" text-anchor="end" font-size="12" fill="#4b5563">%s</text>`, padLeft-8, yy+4, shortAmount(v))
	}
	fmt.Fprintf(b, `<text x="14" y="%d" font-size="12" fill="#4b5563" transform="rotate(-90 14 %d)" text-anchor="middle">%s</text>`,
		padTop+int(plotH/2), padTop+int(plotH/2), template.HTMLEscapeString(currency))
	fmt.Fprintf(b, `<line x1="%d" x2="%d" y1="%.1f" y2="%.1f" stroke="#6b7280"/>`, padLeft, chartW-padRight, y(0), y(0))
	return y
}

// chartLegend writes the legend below the plot: a swatch and the series name.
func chartLegend(b *strings.Builder, series []chartSeries, lines bool) {
	x := padLeft
	for _, s := range series {
		if lines {
			fmt.Fprintf(b, `<line x1="%d" x2="%d" y1="%d" y2="%d" stroke="%s" stroke-width="3" stroke-dasharray="%s"/>`, x, x+22, chartH+12, chartH+12, s.style.stroke, s.style.dash)
		} else {
			fmt.Fprintf(b, `<rect x="%d" y="%d" width="14" height="14" fill="%s" stroke="%s"/>`, x, chartH+5, s.style.fill, s.style.stroke)
		}
		fmt.Fprintf(b, `<text x="%d" y="%d" font-size="13" fill="#1f2937">%s</text>`, x+28, chartH+17, template.HTMLEscapeString(s.Name))
		x += 40 + 8*len(s.Name)
	}
}

// barChart draws grouped bars: one group per label, one bar per series.
func barChart(title, currency string, labels []string, series []chartSeries) template.HTML {
	for i := range series {
		series[i].style = chartStyles[i%len(chartStyles)]
	}
	max := 0.0
	for _, s := range series {
		for _, v := range s.Values {
			max = math.Max(max, majorUnits(v, currency))
		}
	}
	max = axisMax(max)
	var b strings.Builder
	y := chartFrame(&b, title, currency, max)
	groupW := float64(chartW-padLeft-padRight) / float64(max1(len(labels)))
	barW := math.Min(28, (groupW-12)/float64(max1(len(series))))
	for gi, label := range labels {
		gx := float64(padLeft) + groupW*float64(gi) + (groupW-barW*float64(len(series)))/2
		for si, s := range series {
			v := majorUnits(s.Values[gi], currency)
			top := y(math.Max(v, 0))
			h := y(0) - top
			fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s" stroke="%s"><title>%s · %s: %s %s</title></rect>`,
				gx+barW*float64(si), top, barW-2, math.Max(h, 0), s.style.fill, s.style.stroke,
				template.HTMLEscapeString(label), template.HTMLEscapeString(s.Name), money.Format(s.Values[gi], currency), currency)
		}
		fmt.Fprintf(&b, `<text x="%.1f" y="%d" text-anchor="middle" font-size="12" fill="#1f2937">%s</text>`,
			float64(padLeft)+groupW*(float64(gi)+0.5), chartH-padBottom+18, template.HTMLEscapeString(label))
	}
	chartLegend(&b, series, false)
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// lineChart draws one polyline per series over the labels, with a marker at each point.
func lineChart(title, currency string, labels []string, series []chartSeries) template.HTML {
	for i := range series {
		series[i].style = chartStyles[i%len(chartStyles)]
	}
	max := 0.0
	for _, s := range series {
		for _, v := range s.Values {
			max = math.Max(max, majorUnits(v, currency))
		}
	}
	max = axisMax(max)
	var b strings.Builder
	y := chartFrame(&b, title, currency, max)
	step := float64(chartW-padLeft-padRight) / float64(max1(len(labels)))
	x := func(i int) float64 { return float64(padLeft) + step*(float64(i)+0.5) }
	for i, label := range labels {
		fmt.Fprintf(&b, `<text x="%.1f" y="%d" text-anchor="middle" font-size="12" fill="#1f2937">%s</text>`, x(i), chartH-padBottom+18, template.HTMLEscapeString(label))
	}
	for _, s := range series {
		var pts []string
		for i, v := range s.Values {
			pts = append(pts, fmt.Sprintf("%.1f,%.1f", x(i), y(math.Max(majorUnits(v, currency), 0))))
		}
		fmt.Fprintf(&b, `<polyline fill="none" stroke="%s" stroke-width="2.5" stroke-dasharray="%s" points="%s"/>`, s.style.stroke, s.style.dash, strings.Join(pts, " "))
		for i, v := range s.Values {
			fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.1f" r="4" fill="#fff" stroke="%s" stroke-width="2"><title>%s · %s: %s %s</title></circle>`,
				x(i), y(math.Max(majorUnits(v, currency), 0)), s.style.stroke,
				template.HTMLEscapeString(labels[i]), template.HTMLEscapeString(s.Name), money.Format(v, currency), currency)
		}
	}
	chartLegend(&b, series, true)
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

func max1(n int) int { return max(n, 1) }
