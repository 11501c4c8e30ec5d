#!/usr/bin/env node
// The CLI lives in dist/ (built by `npm install` through the `prepare` script).
import "../dist/cli/bin.js";
