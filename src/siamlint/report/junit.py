"""JUnit XML for CI test-report widgets: one testcase per linted file.

A file with diagnostics is a failing testcase (its diagnostics in the failure text), a
file that could not be linted is an errored one, a clean file passes.
"""
from __future__ import annotations

from xml.etree import ElementTree as ET

from siamlint.report import location_text


def render(results, options) -> str:
    failures = sum(1 for r in results if r.diagnostics and not r.errors)
    errors = sum(1 for r in results if r.errors)
    total = len(results)
    suites = ET.Element("testsuites", name="siamlint", tests=str(total),
                        failures=str(failures), errors=str(errors))
    suite = ET.SubElement(suites, "testsuite", name="siamlint", tests=str(total),
                          failures=str(failures), errors=str(errors), skipped="0")
    for r in results:
        case = ET.SubElement(suite, "testcase", name=r.path, classname="siamlint",
                             file=r.path)
        if r.errors:
            element = ET.SubElement(case, "error", message=r.errors[0].message,
                                    type="siamlint.error")
            element.text = "\n".join(f"{e.path}: {e.message}" for e in r.errors)
        elif r.diagnostics:
            count = len(r.diagnostics)
            element = ET.SubElement(
                case, "failure", type="siamlint.diagnostics",
                message=f"{count} problem{'s' if count != 1 else ''} found")
            element.text = "\n".join(
                f"{d.path}:{location_text(d)}: {d.code} [{d.severity.value}] {d.message}"
                for d in r.diagnostics)
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"
