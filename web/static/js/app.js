// Small progressive enhancements; every flow works without this file.
"use strict";
