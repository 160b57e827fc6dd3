#!/usr/bin/env node
import { DEFAULT_DEMO_TARGET } from "./targets.js";

console.log(`backlinks-simulator (demo target ${DEFAULT_DEMO_TARGET})`);
