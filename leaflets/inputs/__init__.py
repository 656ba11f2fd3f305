"""Reading the inputs: the first stage.

Takes the project's YAML files (content, translations, bibliography, layouts, fonts) and gives back
Documents: plain data with the file, line and column of every key and value (sources), checked
against the declared schemas (schema, schemas) and, for a translation, merged onto its source
(translation). Every problem becomes a located Diagnostic with a code; nothing is typeset here.
"""
