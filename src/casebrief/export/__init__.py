"""Briefs in the forms other systems and people read: the office's missing-documentation
notice (JSON, fax-friendly PDF, FHIR CDex ``Task``) and FHIR R4 exports (a ``Bundle`` per
brief, a DTR-style ``Questionnaire`` per policy).  Builders only: each takes a brief (or a
policy) and returns data; the command line and the HTTP service call the same builders."""
