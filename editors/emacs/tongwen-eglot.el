;;; tongwen-eglot.el --- tongwen lsp with Eglot (Emacs 29+, or Eglot from ELPA)

;; tongwen lsp speaks UTF-32 positions when asked, which is what Emacs counts.
(with-eval-after-load 'eglot
  (add-to-list 'eglot-server-programs
               '((text-mode markdown-mode html-mode nxml-mode) . ("tongwen" "lsp")))
  ;; settings over .tongwen.ini, sent as workspace/didChangeConfiguration
  (setq-default eglot-workspace-configuration
                '(:tongwen (:target "cn" :debounce 150))))

;; Start it in a buffer with M-x eglot, or always:
;; (add-hook 'markdown-mode-hook #'eglot-ensure)

(provide 'tongwen-eglot)
;;; tongwen-eglot.el ends here
