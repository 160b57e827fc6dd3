#!/usr/bin/env node
import { describeExport } from "./describe.js";

console.log(describeExport("parquet", "./backlinks-demo"));
