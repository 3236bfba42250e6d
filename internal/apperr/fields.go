package apperr

import (
	"net/http"
	"slices"
	"strings"
)

// Fields is the refusal of input that breaks the rules: a Dutch message per
// form field (field name → message). Services return it wrapped by Invalid;
// handlers find it with errors.As and show each message next to its field.
type Fields map[string]string

func (f Fields) Error() string {
	keys := make([]string, 0, len(f))
	for k := range f {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return "invalid " + strings.Join(keys, ", ")
}

// Unwrap makes errors.Is(err, ErrInvalid) hold.
func (f Fields) Unwrap() error { return ErrInvalid }

// Invalid is the 422 for fields: the message of the one field when there is
// one, summary when there are more.
func Invalid(summary string, fields map[string]string) error {
	msg := summary
	if len(fields) == 1 {
		for _, m := range fields {
			msg = m
		}
	}
	return WithCode(http.StatusUnprocessableEntity, msg, Fields(fields))
}
