// Command pgbportaal runs the PGB Portaal: serve, migrate and demo-data.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/mail"
	"os"
	"strings"

	"pgbportaal/internal/betaalrun"
	"pgbportaal/internal/config"
	"pgbportaal/internal/db"
	"pgbportaal/internal/demo"
	"pgbportaal/internal/email"
	"pgbportaal/internal/web"
)

const usage = `pgbportaal: het PGB Portaal

Gebruik:
  pgbportaal serve              migrate the database, then serve HTTP
  pgbportaal migrate up|down|reset|status
  pgbportaal demo-data          load the demo personas (idempotent)
  pgbportaal generate-data --budgethouders N [--seed S] [--open-months K]
                                fill an empty database with a synthetic national dataset
  pgbportaal betaalrun          run the SVB payment run once, now
  pgbportaal <command> --help   show the environment variables
`

func main() {
	if err := run(context.Background(), os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "pgbportaal:", err)
			os.Exit(1)
		}
	}
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return errors.New("no command given")
	}
	cmd, rest := args[0], args[1:]
	fs := flag.NewFlagSet(cmd, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { printHelp(stderr, cmd) }
	gen := generateFlags(fs, cmd)
	if err := fs.Parse(rest); err != nil {
		return err
	}
	cfg, err := config.Load(nil)
	if err != nil {
		return err
	}
	log := newLogger(cfg.LogLevel, stderr)
	slog.SetDefault(log)

	switch cmd {
	case "serve", "migrate", "demo-data", "generate-data", "betaalrun":
	case "help", "-h", "--help":
		printHelp(stdout, "serve")
		return nil
	default:
		fmt.Fprint(stderr, usage)
		return fmt.Errorf("unknown command %q", cmd)
	}

	pool, err := db.Open(ctx, cfg.DatabaseURL)
	if err != nil {
		return err
	}
	defer pool.Close()

	switch cmd {
	case "migrate":
		sub := "up"
		if fs.NArg() > 0 {
			sub = fs.Arg(0)
		}
		return db.Migrate(ctx, pool, sub, stdout)
	case "demo-data":
		if err := db.Migrate(ctx, pool, "up", nil); err != nil {
			return err
		}
		return demo.Load(ctx, pool)
	case "generate-data":
		if err := db.Migrate(ctx, pool, "up", nil); err != nil {
			return err
		}
		return gen.run(ctx, pool, stdout)
	case "betaalrun":
		if err := db.Migrate(ctx, pool, "up", nil); err != nil {
			return err
		}
		return betaalrunNu(ctx, pool, stdout)
	}
	if err := db.Migrate(ctx, pool, "up", nil); err != nil {
		return err
	}
	clock := processClock()
	h, err := web.New(web.Deps{Config: cfg, Pool: pool, Log: log, Now: clock})
	if err != nil {
		return err
	}
	if cfg.Scheduler {
		// The daily betaalrun and monthly maandlonen; it stops (and is waited
		// for) before the pool closes.
		sctx, stop := context.WithCancel(ctx)
		done := make(chan struct{})
		go func() {
			defer close(done)
			betaalrun.Scheduler{Pool: pool, Log: log, Now: clock}.Start(sctx)
		}()
		defer func() { stop(); <-done }()
	}
	// E-mail notifications: every instance runs a worker; the outbox rows
	// they claim are locked, so each e-mail goes out once.
	mctx, stopMail := context.WithCancel(ctx)
	mailDone := make(chan struct{})
	go func() {
		defer close(mailDone)
		w := &email.Worker{Pool: pool, Log: log, From: cfg.SMTP.From, BaseURL: cfg.BaseURL,
			Sender: email.SMTP{Addr: cfg.SMTP.Addr(), From: envelopeFrom(cfg.SMTP.From)}}
		w.Run(mctx)
	}()
	defer func() { stopMail(); <-mailDone }()
	return web.Serve(ctx, cfg, h, log, func(addr string) {
		log.Info("PGB Portaal is running", "url", cfg.BaseURL, "listen", addr)
	})
}

// envelopeFrom is the bare address of a From header (validated by config).
func envelopeFrom(from string) string {
	if a, err := mail.ParseAddress(from); err == nil {
		return a.Address
	}
	return from
}

func printHelp(w io.Writer, cmd string) {
	fmt.Fprint(w, usage)
	fmt.Fprintf(w, "\nEnvironment variables (%s):\n", cmd)
	for _, v := range config.Vars {
		fmt.Fprintf(w, "  %-32s %s\n  %-32s   default: %s\n", v.Name, v.Help, "", v.Default)
	}
	fmt.Fprintln(w, "\nEvery secret may also be read from a file: set NAME_FILE to its path.")
}

func newLogger(level string, w io.Writer) *slog.Logger {
	var l slog.Level
	switch strings.ToLower(level) {
	case "debug":
		l = slog.LevelDebug
	case "warn":
		l = slog.LevelWarn
	case "error":
		l = slog.LevelError
	default:
		l = slog.LevelInfo
	}
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: l}))
}
