// Zorgovereenkomst: live validation in "Opstellen zorgovereenkomst" and the
// zorgverlener's "Aanpassen", with the server's own Dutch messages (decoding
// in internal/web/zorgovereenkomst_form.go, internal/civil, internal/money,
// internal/nlid; rules in internal/zorgovereenkomst/rules.go), and the wage
// helper. The server stays the authority: nothing here blocks a submission.
//
// A field is checked when it loses focus, and only once the person changed
// it: a server error on a field they did not change is left alone. While an
// error shows, each keystroke checks again, so it goes once the value is
// right. Errors use the markup of web/components/field.templ and carry
// data-live, so zorgovereenkomst.js does not keep their group open.
(function () {
  "use strict";

  const DIGITS = /^[0-9]+$/;
  const err = (x) => typeof x === "string"; // parsers return a value or a message

  // --- Parsers, as the server's -------------------------------------------

  const DATUM = "Vul een geldige datum in, bijvoorbeeld 31-12-2026";
  // civil.Parse: dd-mm-jjjj (or / .), also ISO jjjj-mm-dd.
  function datum(raw) {
    const t = raw.trim(), sep = (/[-/.]/.exec(t) || [])[0];
    if (!sep) return DATUM;
    const p = t.split(sep);
    if (p.length !== 3) return DATUM;
    let [d, m, y] = p;
    if (p[0].length === 4 && sep === "-") [y, d] = [p[0], p[2]];
    const n = (s, min, max) => (s.length >= min && s.length <= max && DIGITS.test(s) ? +s : NaN);
    const Y = n(y, 4, 4), M = n(m, 1, 2), D = n(d, 1, 2);
    if (!(Y >= 1 && M >= 1 && M <= 12 && D >= 1 && D <= 31)) return DATUM;
    const schrikkel = Y % 4 === 0 && (Y % 100 !== 0 || Y % 400 === 0);
    if (D > [31, schrikkel ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][M - 1]) {
      return "Deze datum bestaat niet. " + DATUM;
    }
    return 0;
  }

  const euros = (s) => (DIGITS.test(s) ? s : /^[0-9]{1,3}(\.[0-9]{3})+$/.test(s) ? s.replace(/\./g, "") : null);
  // money.Parse, then the portal's € 10 miljoen limit; returns cents.
  function bedrag(raw) {
    const ongeldig = "Vul een geldig bedrag in, bijvoorbeeld 1.234,56";
    const decimalen = "Vul maximaal 2 cijfers achter de komma in, bijvoorbeeld 1.234,56";
    const trim = (s) => s.replace(/^[ \t\n\r\u00a0\u202f]+|[ \t\n\r\u00a0\u202f]+$/g, "");
    let s = trim(raw), neg = false, whole, frac = "";
    if (s[0] === "-") [neg, s] = [true, trim(s.slice(1))];
    if (s[0] === "€") {
      s = trim(s.slice(1));
      if (s[0] === "-" && !neg) [neg, s] = [true, trim(s.slice(1))];
    }
    if (s === "") return "Vul een bedrag in, bijvoorbeeld 1.234,56";
    const komma = s.indexOf(","), punt = s.indexOf(".");
    if (komma >= 0) {
      [whole, frac] = [s.slice(0, komma), s.slice(komma + 1)];
      if (frac === "-" || frac === "--") {
        if (whole === "") return ongeldig;
        frac = "";
      } else if (!DIGITS.test(frac)) return ongeldig;
      else if (frac.length > 2) return decimalen;
      whole = whole === "" ? "0" : euros(whole);
      if (whole === null) return ongeldig;
    } else if (punt >= 0 && s.indexOf(".", punt + 1) < 0 && s.length - punt - 1 !== 3) {
      [whole, frac] = [s.slice(0, punt), s.slice(punt + 1)];
      if (!DIGITS.test(whole) || !DIGITS.test(frac)) return ongeldig;
      if (frac.length > 3) return decimalen;
      if (frac.length !== 2) return "Gebruik een komma voor de centen, bijvoorbeeld 12,50";
    } else if ((whole = euros(s)) === null) return ongeldig;
    const c = BigInt(whole) * 100n + BigInt((frac + "00").slice(0, 2));
    if (c > 2n ** 63n) return "Dit bedrag is te groot";
    if (neg) return "Vul een bedrag in zonder minteken";
    if (c > 1000000000n) return "Dit bedrag is te groot";
    return Number(c);
  }

  // parseUren: "12", "12,5", "12.25", ",5"; returns hundredths of an hour.
  function uren(raw) {
    const t = raw.trim().replace(/ /g, "");
    if (t === "") return 0;
    let i = t.indexOf(",");
    if (i < 0) i = t.indexOf(".");
    const whole = i < 0 ? t : t.slice(0, i) || "0", frac = i < 0 ? "" : t.slice(i + 1);
    if (!DIGITS.test(whole) || whole.length > 5 || (i >= 0 && !DIGITS.test(frac))) {
      return "Vul het aantal uren in als getal, bijvoorbeeld 12,5";
    }
    if (frac.length > 2) return "Vul maximaal 2 cijfers achter de komma in, bijvoorbeeld 12,25";
    return +whole * 100 + +(frac + "00").slice(0, 2);
  }

  const cijfers = (s) => s.trim().replace(/[ .-]/g, "");
  const geldigBSN = (s) => {
    s = s.padStart(9, "0");
    let som = 0;
    for (let i = 0; i < 8; i++) som += (9 - i) * +s[i];
    return /[1-9]/.test(s) && (som - +s[8]) % 11 === 0;
  };

  const IBAN_LENGTE = {
    AT: 20, BE: 16, BG: 22, CY: 28, CZ: 24, DE: 22, DK: 18, EE: 20, ES: 24, FI: 18, FR: 27, GR: 27, HR: 21, HU: 28,
    IE: 22, IT: 27, LT: 20, LU: 20, LV: 21, MT: 31, NL: 18, PL: 28, PT: 25, RO: 24, SE: 24, SI: 19, SK: 24,
    IS: 26, LI: 21, NO: 15, AD: 24, AL: 28, CH: 21, GB: 22, GI: 23, MC: 27, MD: 24, ME: 22, MK: 19, RS: 22,
    SM: 27, VA: 22,
  };
  // nlid.NormalizeIBAN: SEPA country length, check digits 02..98, NL layout, mod 97.
  function geldigIBAN(raw) {
    const s = raw.replace(/\s/g, "");
    if (!/^[A-Za-z0-9]{4,}$/.test(s)) return false;
    const u = s.toUpperCase();
    if (IBAN_LENGTE[u.slice(0, 2)] !== u.length || !/^[0-9]{2}$/.test(u.slice(2, 4))) return false;
    if (["00", "01", "99"].includes(u.slice(2, 4))) return false;
    if (u.startsWith("NL") && !/^[A-Z]{4}[0-9]{10}$/.test(u.slice(4))) return false;
    let r = 0;
    for (const c of u.slice(4) + u.slice(0, 4)) r = c >= "A" ? (r * 100 + c.charCodeAt(0) - 55) % 97 : (r * 10 + +c) % 97;
    return r === 1;
  }

  // --- Checks per field: "" when the value passes ----------------------------

  const keuze = (form, name) => (form.querySelector(`input[name="${name}"]:checked`) || {}).value || "";
  const waarde = (form, name) => (form.querySelector(`[name="${name}"]:not([type=radio])`) || {}).value || "";
  // Whether the zorgverlener is identified by BSN, geboortedatum and adres.
  const persoon = (f) => ["dienst", "familie"].includes(keuze(f, "soort")) ||
    (keuze(f, "soort") === "opdracht" && cijfers(waarde(f, "zv_agb")) === "");

  function tekst(v, max, leeg, regelMax, regelMsg) {
    const t = v.trim();
    if ([...t].length > max) return `Gebruik hoogstens ${max} tekens`;
    if (t === "") return leeg || "";
    return regelMax && [...t].length > regelMax ? regelMsg : "";
  }
  const datumVeld = (v, leeg) => (v.trim() === "" ? leeg : datum(v) || "");
  function bedragVeld(v, leeg) {
    if (v.trim() === "") return leeg;
    const c = bedrag(v);
    return err(c) ? c : c <= 0 ? leeg : "";
  }
  const alsPersoon = (check) => (v, f) => (persoon(f) ? check(v, f) : "");

  const CHECKS = {
    zv_naam: (v, f) => tekst(v, 200, keuze(f, "soort") === "instelling" ? "Vul de naam van de zorginstelling in." : "Vul de naam van de zorgverlener in."),
    zv_agb: (v, f) => {
      const a = cijfers(v);
      if (a !== "") return /^[0-9]{8}$/.test(a) && !a.startsWith("00") ? "" : "Vul een AGB-code in van 8 cijfers, bijvoorbeeld 75012345";
      return keuze(f, "soort") === "instelling" ? "Vul de AGB-code van de zorginstelling in." : "";
    },
    zv_bsn: alsPersoon((v, f) => {
      const b = cijfers(v);
      if (b === "") {
        return keuze(f, "soort") === "opdracht"
          ? "Vul het BSN van de zorgverlener in. Is de zorgverlener een zzp'er? Vul dan de AGB-code in."
          : "Vul het BSN van de zorgverlener in.";
      }
      if (!DIGITS.test(b) || b.length < 8 || b.length > 9) return "Vul een burgerservicenummer in van 8 of 9 cijfers";
      return geldigBSN(b) ? "" : "Dit BSN klopt niet. Een BSN heeft 8 of 9 cijfers; controleer het nummer.";
    }),
    zv_geboortedatum: alsPersoon((v) => datumVeld(v, "Vul de geboortedatum van de zorgverlener in.")),
    zv_straat: alsPersoon((v) => tekst(v, 200, "Vul de straat van de zorgverlener in.", 100, "Een straatnaam is hoogstens 100 tekens.")),
    zv_huisnummer: alsPersoon((v) => {
      const t = v.trim();
      if ([...t].length > 20) return "Gebruik hoogstens 20 tekens";
      if (t === "") return "Vul het huisnummer in, eventueel met toevoeging, bijvoorbeeld 12A.";
      return new TextEncoder().encode(t).length > 12 || !/^[1-9]/.test(t) ? "Vul een geldig huisnummer in, bijvoorbeeld 12 of 12A." : "";
    }),
    zv_postcode: alsPersoon((v) => {
      if (v.trim() === "") return "Vul de postcode in, bijvoorbeeld 1234 AB.";
      const m = /^[1-9][0-9]{3}([A-Za-z]{2})$/.exec(v.replace(/\s/g, ""));
      return m && !["SA", "SD", "SS"].includes(m[1].toUpperCase()) ? "" : "Vul een geldige postcode in, bijvoorbeeld 1234 AB";
    }),
    zv_woonplaats: alsPersoon((v) => tekst(v, 200, "Vul de woonplaats van de zorgverlener in.", 80, "Een woonplaats is hoogstens 80 tekens.")),
    zv_iban: (v) => (v.trim() === "" || geldigIBAN(v) ? "" : "Vul een geldig IBAN in, bijvoorbeeld NL91 ABNA 0417 1643 00"),

    // A change chooses the first of a month from a list; the server checks which.
    ingangsdatum: (v, f) => (f.querySelector("select#ingangsdatum")
      ? (v === "" ? "Kies de datum waarop de wijziging ingaat." : "") : datumVeld(v, "Vul de ingangsdatum in.")),
    einddatum: (v) => datumVeld(v, "Vul de einddatum in, of kies voor onbepaalde tijd."),
    uren: (v, f) => {
      const h = uren(v), per = keuze(f, "uren_per");
      if (err(h)) return h;
      if (per === "week" ? h > 16800 : h > 74400) {
        return per === "week" ? "Een week heeft 168 uur. Vul minder uren in" : "Een maand heeft hoogstens 744 uur. Vul minder uren in";
      }
      if (h <= 0) return "Vul het aantal uren in.";
      if (per === "maand" ? h > 73000 : h > 16800) return per === "maand" ? "Een maand heeft hoogstens 730 uur." : "Een week heeft hoogstens 168 uur.";
      return "";
    },
    maandbedrag: (v) => bedragVeld(v, "Vul het bruto maandbedrag in."),
    andere_vergoedingen: (v) => tekst(v, 4000),
    etmalen: (v) => {
      const t = v.trim();
      if (t !== "" && (t.length > 4 || !DIGITS.test(t) || +t > 366)) return "Vul het aantal etmalen in als heel getal, bijvoorbeeld 20";
      if (!(+t > 0)) return "Vul in hoeveel etmalen logeeropvang per jaar u afspreekt.";
      return +t > 156 ? "Logeeropvang is hoogstens 156 etmalen per kalenderjaar." : "";
    },
    reiskosten_per_km: (v) => bedragVeld(v, "Vul de vergoeding per kilometer in."),

    zorgbehoefte: (v) => tekst(v, 4000, "Beschrijf welke zorg u nodig heeft."),
    welke_zorg: (v) => tekst(v, 4000, "Beschrijf welke zorg deze zorgverlener geeft."),
    waarom_zorg: (v) => tekst(v, 4000, "Beschrijf waarom u deze zorg van deze zorgverlener krijgt."),
    overige_afspraken: (v) => tekst(v, 4000),
  };
  function checkVoor(id) {
    if (CHECKS[id]) return CHECKS[id];
    if (id.startsWith("tarief_")) return (v) => bedragVeld(v, "Vul het brutotarief in.");
    if (/^rooster_[1-7]$/.test(id)) {
      return (v) => {
        const h = uren(v);
        return err(h) ? h : h > 2400 ? "Vul per dag niet meer dan 24 uur in" : "";
      };
    }
    return null;
  }

  // --- Error markup, as web/components/field.templ ---------------------------

  const invalidKlasse = (el) => (el.tagName === "TEXTAREA" ? "utrecht-textarea--invalid"
    : el.tagName === "SELECT" ? "utrecht-select--invalid" : "utrecht-textbox--invalid");
  function beschreven(el, id, aan) {
    const ids = (el.getAttribute("aria-describedby") || "").split(/\s+/).filter((x) => x && x !== id);
    if (aan) ids.push(id);
    if (ids.length) el.setAttribute("aria-describedby", ids.join(" "));
    else el.removeAttribute("aria-describedby");
  }
  function toonFout(el, msg) {
    const id = el.id + "-error";
    let p = document.getElementById(id);
    if (!p) {
      p = document.createElement("p");
      p.className = "utrecht-form-field-error-message pgb-field__error";
      p.id = id;
      el.before(p); // after the label and hint, before the control
    }
    p.dataset.live = "";
    if (p.textContent !== "Fout: " + msg) {
      const fout = document.createElement("span");
      fout.className = "pgb-visually-hidden";
      fout.textContent = "Fout:";
      p.replaceChildren(fout, " " + msg);
    }
    el.closest(".pgb-field")?.classList.add("utrecht-form-field--invalid", "pgb-field--error");
    el.classList.add(invalidKlasse(el));
    el.setAttribute("aria-invalid", "true");
    beschreven(el, id, true);
  }
  function wisFout(el) {
    const id = el.id + "-error";
    document.getElementById(id)?.remove();
    el.closest(".pgb-field")?.classList.remove("utrecht-form-field--invalid", "pgb-field--error");
    el.classList.remove(invalidKlasse(el));
    el.removeAttribute("aria-invalid");
    beschreven(el, id, false);
  }
  const heeftFout = (el) => document.getElementById(el.id + "-error") !== null;

  // check shows or removes el's error; alleenWissen only removes it (while typing).
  function check(el, alleenWissen) {
    const msg = el.closest("[hidden]") ? "" : checkVoor(el.id)(el.value, el.form);
    if (!msg) wisFout(el);
    else if (!alleenWissen) toonFout(el, msg);
  }

  // --- Wage helper: uurloon ↔ maandloon, as zorgovereenkomst.Uurloon/Maandloon ----

  const mulDivRound = (a, b, d) => {
    const n = a * b, q = Math.floor(n / d);
    return n - q * d >= d - (n - q * d) ? q + 1 : q;
  };
  const euro = (c) => "€ " + String(Math.floor(c / 100)).replace(/\B(?=(\d{3})+$)/g, ".") + "," + String(c % 100).padStart(2, "0");
  function hulp(el) {
    const id = el.id + "-omrekening";
    let p = document.getElementById(id);
    if (!p) {
      p = document.createElement("p");
      p.id = id;
      p.className = "pgb-field__hint zov-omrekening";
      p.setAttribute("aria-live", "polite");
      el.after(p);
    }
    return p;
  }
  const zet = (p, t) => { if (p.textContent !== t) p.textContent = t; };
  function loon(form) {
    let u = uren(waarde(form, "uren"));
    if (err(u) || u <= 0) u = 0;
    else if (keuze(form, "uren_per") === "maand") u = mulDivRound(u, 12, 52);
    const m = form.querySelector("#maandbedrag");
    if (m) {
      const c = bedrag(m.value);
      zet(hulp(m), keuze(form, "betaling") === "maandloon" && u > 0 && !err(c) && c > 0
        ? "Dat is ongeveer " + euro(mulDivRound(c, 1200, 52 * u)) + " per uur" : "");
    }
    for (const t of form.querySelectorAll("input[id^='tarief_']")) {
      const c = bedrag(t.value), eenheid = waarde(form, "eenheid_" + t.id.slice(7));
      zet(hulp(t), eenheid === "uur" && u > 0 && !err(c) && c > 0
        ? "Dat is ongeveer " + euro(mulDivRound(c * 52, u, 1200)) + " per maand" : "");
    }
  }

  // --- Events ---------------------------------------------------------------

  const forms = [...document.querySelectorAll("form.zov-form")].filter((f) => f.querySelector("#uren, #zv_naam, #zorgbehoefte"));
  if (!forms.length) return;
  const gewijzigd = new Set(); // fields the person changed
  const veld = (t) => (t && t.id && t.form && forms.includes(t.form) && checkVoor(t.id) ? t : null);
  let wacht;

  for (const f of forms) {
    if (f.querySelector("#uren")) {
      // The live helper replaces the server's sentence, which is about the saved values.
      for (const p of document.querySelectorAll(".zov-loonhulp")) p.hidden = true;
      loon(f);
    }
  }
  document.addEventListener("input", (e) => {
    const el = veld(e.target);
    if (el) {
      gewijzigd.add(el);
      if (heeftFout(el)) check(el, true);
    }
    if (e.target.form && forms.includes(e.target.form)) {
      clearTimeout(wacht);
      wacht = setTimeout(loon, 500, e.target.form);
    }
  });
  document.addEventListener("change", (e) => {
    const el = veld(e.target);
    if (el) gewijzigd.add(el);
    if (e.target.form && forms.includes(e.target.form)) {
      // An answer (soort, AGB-code, uren per, a follow-up shown or hidden)
      // can change what applies to the other fields.
      for (const g of gewijzigd) check(g);
      clearTimeout(wacht);
      loon(e.target.form);
    }
  });
  document.addEventListener("blur", (e) => {
    const el = veld(e.target);
    if (el && gewijzigd.has(el)) check(el);
  }, true);
})();
