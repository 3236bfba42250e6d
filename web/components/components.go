// Package components holds the templ components that pages repeat: form
// fields with label, hint and error, the error summary, the stappenbalk,
// status badges, tiles, notifications, money, dates, tables and buttons.
//
// The markup follows NL Design System (and GOV.UK) patterns and carries both
// the NL Design System class names (styled by vendor.css and the tokens in
// theme.css) and the portal's pgb-* classes (app.css). Components hold no
// logic beyond loops and conditions; the small helpers below compute ids and
// class names.
package components

import (
	"strconv"
	"strings"
	"time"

	"pgbportaal/internal/civil"
	"pgbportaal/internal/money"
)

// FieldProps describes one form field. ID is the id of the control (and the
// target of the error summary's link); the hint gets ID+"-hint" and the error
// ID+"-error". A field that is not Required is labelled "(niet verplicht)", as
// NL Design System advises; a Required one gets aria-required.
type FieldProps struct {
	ID, Name, Label, Hint, Value, Error string
	Required                            bool
	// Type is the input type; "" is "text". Never "date": dates are typed as
	// dd-mm-jjjj (see DateField).
	Type         string
	Autocomplete string
	InputMode    string
	// Width is the expected length of the answer in characters: "2", "3",
	// "4", "5", "7", "10", "20" or "30"; "" fills the column.
	Width string
}

// Option is one choice of a SelectField or RadioGroup. Hint is shown under a
// radio button's label (not used in a select).
type Option struct {
	Value, Label, Hint string
}

// FieldError is one entry of the ErrorSummary: FieldID is the id of the field
// it links to ("" for an error that belongs to no single field).
type FieldError struct {
	FieldID, Message string
}

// Step is one step of the Stappenbalk; a finished step links back to URL when
// it is not "".
type Step struct {
	Label, URL string
}

// DateExample is the hint every DateField shows: dates are typed as dd-mm-jjjj.
const DateExample = "Bijvoorbeeld 31-12-2026"

func (f FieldProps) hintID() string  { return f.ID + "-hint" }
func (f FieldProps) errorID() string { return f.ID + "-error" }

// describedBy lists the ids of the hint and error that are present.
func (f FieldProps) describedBy() string {
	var ids []string
	if f.Hint != "" {
		ids = append(ids, f.hintID())
	}
	if f.Error != "" {
		ids = append(ids, f.errorID())
	}
	return strings.Join(ids, " ")
}

func (f FieldProps) inputType() string {
	if f.Type == "" {
		return "text"
	}
	return f.Type
}

// dateProps turns f into the text field a DateField renders: the example
// format joins the hint, and the width fits dd-mm-jjjj.
func dateProps(f FieldProps) FieldProps {
	if f.Hint == "" {
		f.Hint = DateExample
	} else {
		f.Hint = strings.TrimRight(f.Hint, ". ") + ". " + DateExample
	}
	f.Type = "text"
	if f.Width == "" {
		f.Width = "10"
	}
	return f
}

// optionID is the id of the i-th radio button of a group: the first one
// carries the group's own id, so the error summary's link lands on it.
func optionID(groupID string, i int) string {
	if i == 0 {
		return groupID
	}
	return groupID + "-" + strconv.Itoa(i+1)
}

// optionHintID is the id of the i-th radio button's own hint; unlike
// optionID it never equals the group's hint id.
func optionHintID(groupID string, i int) string { return groupID + "-" + strconv.Itoa(i+1) + "-hint" }

func widthClass(w string) string {
	switch w {
	case "2", "3", "4", "5", "7", "10", "20", "30":
		return "pgb-input--w" + w
	}
	return ""
}

// stepState is "done", "current" or "todo" for step i (0-based) when current
// is the 1-based number of the step the user is on.
func stepState(i, current int) string {
	switch {
	case i+1 < current:
		return "done"
	case i+1 == current:
		return "current"
	}
	return "todo"
}

func stepCount(current, total int) string {
	return "Stap " + strconv.Itoa(current) + " van " + strconv.Itoa(total)
}

// tone maps a StatusBadge tone to the NL Design System badge modifier and
// the portal's own: neutral, info, success, warning or error.
func tone(t string) (nlds, pgb string) {
	switch t {
	case "info":
		return "active", "info"
	case "success":
		return "success", "success"
	case "warning":
		return "warning", "warning"
	case "error", "danger":
		return "error", "error"
	}
	return "neutral", "neutral"
}

func badgeClasses(t string) string {
	nlds, pgb := tone(t)
	return "utrecht-badge-status utrecht-badge-status--" + nlds + " pgb-badge pgb-badge--" + pgb
}

// notificationKind normalises a Notification kind to info, success, warning
// or error.
func notificationKind(kind string) string {
	switch kind {
	case "success", "warning", "error":
		return kind
	}
	return "info"
}

func notificationClasses(kind string) string {
	k := notificationKind(kind)
	nlds := k
	if k == "success" {
		nlds = "ok"
	}
	return "utrecht-alert utrecht-alert--" + nlds + " pgb-notification pgb-notification--" + k
}

// notificationRole is "alert" for errors, which interrupt, and "status" for
// the rest.
func notificationRole(kind string) string {
	if notificationKind(kind) == "error" {
		return "alert"
	}
	return "status"
}

func buttonClasses(kind string) string {
	switch kind {
	case "secondary":
		return "nl-button nl-button--secondary pgb-button pgb-button--secondary"
	case "danger":
		return "nl-button nl-button--primary nl-button--negative pgb-button pgb-button--danger"
	}
	return "nl-button nl-button--primary pgb-button pgb-button--primary"
}

// FormatMoney formats an amount in cents the Dutch way: "€ 1.234,56", and
// "-€ 12,50" for a negative amount (as money.Cents.String).
func FormatMoney(cents int64) string { return money.Cents(cents).String() }

// Amsterdam is the time zone every date and time is shown in.
var Amsterdam = civil.Amsterdam()

// FormatDate formats t as dd-mm-jjjj in Europe/Amsterdam; "" for the zero time.
func FormatDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(Amsterdam).Format("02-01-2006")
}

// isoDate is the machine-readable datetime attribute of DateText.
func isoDate(t time.Time) string { return t.In(Amsterdam).Format("2006-01-02") }
