// A submit button whose label follows a checkbox: «ثبت تماس» or «ثبت تماس و بستن».
// Without scripts the server's label stands (it follows the box as it was last sent).
document.querySelectorAll("button[data-close-toggle]").forEach(function (button) {
  var box = document.querySelector(button.getAttribute("data-close-toggle"));
  if (!box) {
    return;
  }
  function follow() {
    button.textContent = box.checked ? button.getAttribute("data-label-close") : button.getAttribute("data-label-open");
  }
  box.addEventListener("change", follow);
  follow();
});
