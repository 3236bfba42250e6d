package pages

import (
	"strconv"
	"time"

	"pgbportaal/internal/civil"
	"pgbportaal/web/components"
)

var amsterdam = civil.Amsterdam()

// Datum formats a moment as dd-mm-jjjj in Dutch time.
func Datum(t time.Time) string { return components.FormatDate(t) }

// DatumTijd formats a moment as dd-mm-jjjj uu:mm in Dutch time.
func DatumTijd(t time.Time) string { return t.In(amsterdam).Format("02-01-2006 15:04") }

// Groet is the greeting by time of day in the Netherlands.
func Groet(now time.Time) string {
	h := now.In(amsterdam).Hour()
	switch {
	case h >= 6 && h < 12:
		return "Goedemorgen"
	case h >= 12 && h < 18:
		return "Goedemiddag"
	}
	return "Goedenavond"
}

// Aanhef turns the stored aanhef into the form used in a greeting.
func Aanhef(a string) string {
	switch a {
	case "heer":
		return "meneer"
	case "mevrouw":
		return "mevrouw"
	}
	return ""
}

func itoa(i int) string     { return strconv.Itoa(i) }
func itoa64(i int64) string { return strconv.FormatInt(i, 10) }
