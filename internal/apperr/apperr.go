// Package apperr is the portal's one error type: an HTTP status, a safe Dutch
// message for the person, and the wrapped internal error for the log.
package apperr

import (
	"errors"
	"fmt"
	"net/http"
)

// Sentinels that services wrap with %w; the web layer maps them to a status.
var (
	ErrNotFound  = errors.New("not found")
	ErrForbidden = errors.New("forbidden")
	ErrConflict  = errors.New("conflict")
	ErrInvalid   = errors.New("invalid")
)

// Error carries what the person sees apart from what is logged.
type Error struct {
	Code    int    // HTTP status
	Message string // Dutch, safe to show; never personal data
	Err     error  // internal cause, logged
}

func (e *Error) Error() string {
	if e.Err == nil {
		return fmt.Sprintf("%d %s", e.Code, e.Message)
	}
	return fmt.Sprintf("%d %s: %v", e.Code, e.Message, e.Err)
}

func (e *Error) Unwrap() error { return e.Err }

// WithCode wraps err with a status and a Dutch message.
func WithCode(code int, message string, err error) *Error {
	return &Error{Code: code, Message: message, Err: err}
}

// Classify returns the status and Dutch message for any error.
func Classify(err error) (int, string) {
	var e *Error
	if errors.As(err, &e) {
		if e.Message == "" {
			return e.Code, DefaultMessage(e.Code)
		}
		return e.Code, e.Message
	}
	switch {
	case errors.Is(err, ErrNotFound):
		return http.StatusNotFound, DefaultMessage(http.StatusNotFound)
	case errors.Is(err, ErrForbidden):
		return http.StatusForbidden, DefaultMessage(http.StatusForbidden)
	case errors.Is(err, ErrConflict):
		return http.StatusConflict, DefaultMessage(http.StatusConflict)
	case errors.Is(err, ErrInvalid):
		return http.StatusBadRequest, DefaultMessage(http.StatusBadRequest)
	}
	return http.StatusInternalServerError, DefaultMessage(http.StatusInternalServerError)
}

// Heading is the page heading for a status.
func Heading(code int) string {
	switch code {
	case http.StatusNotFound:
		return "Pagina niet gevonden"
	case http.StatusForbidden:
		return "Geen toegang"
	case http.StatusConflict:
		return "Gegevens zijn intussen gewijzigd"
	case http.StatusBadRequest, http.StatusUnprocessableEntity:
		return "Verzoek niet verwerkt"
	case http.StatusMethodNotAllowed:
		return "Actie niet toegestaan"
	case http.StatusTooManyRequests:
		return "Te veel pogingen"
	case http.StatusServiceUnavailable:
		return "Tijdelijk niet beschikbaar"
	}
	return "Er is iets misgegaan"
}

// DefaultMessage is the Dutch explanation for a status.
func DefaultMessage(code int) string {
	switch code {
	case http.StatusNotFound:
		return "De pagina die u zoekt bestaat niet (meer), of u heeft geen toegang tot deze gegevens. Controleer het adres of ga terug naar de startpagina."
	case http.StatusForbidden:
		return "U heeft geen toestemming voor deze actie."
	case http.StatusConflict:
		return "Iemand anders heeft deze gegevens intussen gewijzigd, of de actie is al uitgevoerd. Open de pagina opnieuw en probeer het nog eens."
	case http.StatusBadRequest, http.StatusUnprocessableEntity:
		return "Uw verzoek kon niet worden verwerkt. Controleer uw invoer en probeer het opnieuw."
	case http.StatusMethodNotAllowed:
		return "Deze actie is op deze pagina niet mogelijk."
	case http.StatusTooManyRequests:
		return "U heeft het te vaak geprobeerd. Wacht enkele minuten en probeer het dan opnieuw."
	case http.StatusServiceUnavailable:
		return "Het PGB Portaal is tijdelijk niet beschikbaar. Probeer het later opnieuw."
	}
	return "Door een storing kunnen wij uw verzoek nu niet verwerken. Probeer het later opnieuw. Blijft het probleem bestaan, neem dan contact op met de SVB."
}
