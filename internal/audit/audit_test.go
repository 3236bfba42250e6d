package audit

import (
	"errors"
	"fmt"
	"net/http"
	"testing"

	"pgbportaal/internal/apperr"
)

func TestOutcomeOf(t *testing.T) {
	cases := []struct {
		err  error
		want string
	}{
		{nil, OK},
		{apperr.ErrNotFound, Refused},
		{fmt.Errorf("x: %w", apperr.ErrForbidden), Refused},
		{apperr.WithCode(http.StatusUnprocessableEntity, "Te hoog.", errors.New("budget")), Refused},
		{apperr.WithCode(http.StatusConflict, "", apperr.ErrConflict), Refused},
		{errors.New("database down"), Failed},
		{apperr.WithCode(http.StatusInternalServerError, "", errors.New("boom")), Failed},
	}
	for _, c := range cases {
		if got := OutcomeOf(c.err); got != c.want {
			t.Errorf("OutcomeOf(%v) = %s, want %s", c.err, got, c.want)
		}
	}
}
