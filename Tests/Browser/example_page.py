"""The example chat page (Examples/ChatRoom) in headless Chromium, driven as a person would:
open a room whose name needs encoding, post with the form, see the message arrive through the
generated module; post a name the server refuses and see the server's reason on the page.
Run by scripts/example-smoke.sh with the server's URL."""
import shutil
import sys
import urllib.parse

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.support.ui import WebDriverWait

url = sys.argv[1]
options = Options()
options.binary_location = shutil.which("chromium") or shutil.which("chromium-browser")
for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=900,520"]:
    options.add_argument(argument)
# Explicit paths: Selenium Manager would try to download a browser and a driver.
driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
try:
    driver.get(url + "/?room=" + urllib.parse.quote("café 🎉"))
    wait = WebDriverWait(driver, 15)
    wait.until(lambda d: d.find_element("id", "status").text == "connected")
    driver.find_element("name", "author").send_keys("Ada")
    driver.find_element("name", "text").send_keys("hello from the form")
    driver.find_element("css selector", "button").click()
    wait.until(lambda d: "Ada: hello from the form" in d.find_element("id", "messages").text)

    # The form caps the name at 80 characters; without that cap the server refuses and says why.
    assert driver.find_element("name", "author").get_attribute("maxlength") == "80"
    driver.execute_script("document.querySelector('[name=author]').removeAttribute('maxlength')")
    driver.find_element("name", "author").clear()
    driver.find_element("name", "author").send_keys("x" * 81)
    driver.find_element("name", "text").send_keys("too long")
    driver.find_element("css selector", "button").click()
    wait.until(lambda d: d.find_element("id", "problem").text != "")
    problem = driver.find_element("id", "problem").text
    expected = "not sent: at author.name: 81 characters, more than the maximum 80"
    assert problem == expected, problem
    assert "too long" not in driver.find_element("id", "messages").text
    print("page: message posted and shown; refused name explained")
finally:
    driver.quit()
