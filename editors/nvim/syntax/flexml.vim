" FlexML is XML: highlight it with Vim's XML syntax (b:current_syntax is then "xml").
" FlexML templates (*.flexml.j2, *.flexml.jinja, *.flexml.jinja2) get their template language's
" highlighting over the XML: Jinja's where this Neovim ships syntax/jinja.vim (0.11+), else Django's
" (same delimiters: {{ }}, {% %}, {# #}; Neovim 0.7-0.10), else XML alone.
if exists('b:current_syntax')
  finish
endif

runtime! syntax/xml.vim

if expand('%:t') =~? '\.flexml\.\%(j2\|jinja2\=\)$'
  if !empty(globpath(&runtimepath, 'syntax/jinja.vim'))
    " jinja.vim places its blocks inside every other group (containedin=ALLBUT,...).
    unlet! b:current_syntax
    runtime! syntax/jinja.vim
  elseif !empty(globpath(&runtimepath, 'syntax/django.vim'))
    unlet! b:current_syntax
    runtime! syntax/django.vim
    " As syntax/htmldjango.vim does for HTML: let the template blocks appear inside XML's groups.
    syn cluster djangoBlocks add=djangoTagBlock,djangoVarBlock,djangoComment,djangoComBlock
    syn region djangoTagBlock start="{%" end="%}" contains=djangoStatement,djangoFilter,djangoArgument,djangoTagError display containedin=ALLBUT,@djangoBlocks
    syn region djangoVarBlock start="{{" end="}}" contains=djangoFilter,djangoArgument,djangoVarError display containedin=ALLBUT,@djangoBlocks
    syn region djangoComBlock start="{#" end="#}" contains=djangoTodo containedin=ALLBUT,@djangoBlocks
  endif
endif
